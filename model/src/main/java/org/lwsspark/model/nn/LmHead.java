package org.lwsspark.model.nn;

import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.lwsspark.model.plan.ModelSize;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Configuration of the output: the final RMSNorm, the untied LM head {@code d -> V} and the mean cross-entropy
 * over integer next-token targets.
 */
public class LmHead extends LwsLayerConfig {

    static final String NORM = "norm";
    static final String WEIGHT = "head";

    private int vocabSize;
    private double normEps;

    /** For JSON deserialisation. */
    public LmHead() {}

    public static LmHead of(ModelSize size) {
        LmHead h = new LmHead();
        h.setLayerName("head");
        h.vocabSize = size.vocabSize();
        h.setModelWidth(size.dModel());
        h.normEps = size.normEps();
        h.setInitStd(size.initStd());
        return h;
    }

    @Override
    List<ParamSpec> paramSpecs() {
        long d = getModelWidth();
        return List.of(
                new ParamSpec(NORM, 1, d, ParamSpec.Init.ONES),
                new ParamSpec(WEIGHT, d, vocabSize, ParamSpec.Init.TRUNCATED_NORMAL));
    }

    @Override
    org.deeplearning4j.nn.layers.BaseLayer<?> createLayer(NeuralNetConfiguration conf, DataType dataType) {
        return new LmHeadLayer(conf, dataType);
    }

    public int getVocabSize() {
        return vocabSize;
    }

    public void setVocabSize(int vocabSize) {
        this.vocabSize = vocabSize;
    }

    public double getNormEps() {
        return normEps;
    }

    public void setNormEps(double normEps) {
        this.normEps = normEps;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LmHead h && super.equals(o) && vocabSize == h.vocabSize && normEps == h.normEps;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), vocabSize, normEps);
    }
}
