package org.lwsspark.model.nn;

import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.lwsspark.model.plan.LayerPlan;
import org.lwsspark.model.plan.ModelSize;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Configuration of one OLMo-2 block with its own widths: {@code h = x + RMSNorm(Attn(x))},
 * {@code out = h + RMSNorm(FFN(h))} (the norms sit on the sublayer outputs).
 */
public class TransformerBlock extends LwsLayerConfig {

    private int headDim;
    private int queryHeads;
    private int keyValueHeads;
    private int ffnHidden;
    private double ropeTheta;
    private double normEps;

    /** For JSON deserialisation. */
    public TransformerBlock() {}

    public static TransformerBlock of(LayerPlan layer, ModelSize size) {
        TransformerBlock b = new TransformerBlock();
        b.setLayerName("block" + layer.index());
        b.setModelWidth(layer.dModel());
        b.headDim = layer.headDim();
        b.queryHeads = layer.qHeads();
        b.keyValueHeads = layer.kvHeads();
        b.ffnHidden = layer.ffnHidden();
        b.ropeTheta = size.ropeTheta();
        b.normEps = size.normEps();
        b.setInitStd(size.initStd());
        return b;
    }

    @Override
    List<ParamSpec> paramSpecs() {
        long d = getModelWidth();
        long q = (long) queryHeads * headDim;
        long kv = (long) keyValueHeads * headDim;
        return List.of(
                new ParamSpec(CausalSelfAttention.WQKV, d, q + 2 * kv, ParamSpec.Init.TRUNCATED_NORMAL),
                new ParamSpec(CausalSelfAttention.QNORM, 1, q, ParamSpec.Init.ONES),
                new ParamSpec(CausalSelfAttention.KNORM, 1, kv, ParamSpec.Init.ONES),
                new ParamSpec(CausalSelfAttention.WO, q, d, ParamSpec.Init.TRUNCATED_NORMAL),
                new ParamSpec(TransformerBlockLayer.ATTENTION_NORM, 1, d, ParamSpec.Init.ONES),
                new ParamSpec(SwiGlu.W13, d, 2L * ffnHidden, ParamSpec.Init.TRUNCATED_NORMAL),
                new ParamSpec(SwiGlu.W2, ffnHidden, d, ParamSpec.Init.TRUNCATED_NORMAL),
                new ParamSpec(TransformerBlockLayer.FFN_NORM, 1, d, ParamSpec.Init.ONES));
    }

    @Override
    org.deeplearning4j.nn.layers.BaseLayer<?> createLayer(NeuralNetConfiguration conf, DataType dataType) {
        return new TransformerBlockLayer(conf, dataType);
    }

    public int getHeadDim() {
        return headDim;
    }

    public void setHeadDim(int headDim) {
        this.headDim = headDim;
    }

    public int getQueryHeads() {
        return queryHeads;
    }

    public void setQueryHeads(int queryHeads) {
        this.queryHeads = queryHeads;
    }

    public int getKeyValueHeads() {
        return keyValueHeads;
    }

    public void setKeyValueHeads(int keyValueHeads) {
        this.keyValueHeads = keyValueHeads;
    }

    public int getFfnHidden() {
        return ffnHidden;
    }

    public void setFfnHidden(int ffnHidden) {
        this.ffnHidden = ffnHidden;
    }

    public double getRopeTheta() {
        return ropeTheta;
    }

    public void setRopeTheta(double ropeTheta) {
        this.ropeTheta = ropeTheta;
    }

    public double getNormEps() {
        return normEps;
    }

    public void setNormEps(double normEps) {
        this.normEps = normEps;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransformerBlock b
                && super.equals(o)
                && headDim == b.headDim
                && queryHeads == b.queryHeads
                && keyValueHeads == b.keyValueHeads
                && ffnHidden == b.ffnHidden
                && ropeTheta == b.ropeTheta
                && normEps == b.normEps;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), headDim, queryHeads, keyValueHeads, ffnHidden, ropeTheta, normEps);
    }
}
