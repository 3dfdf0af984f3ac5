package org.lwsspark.model.nn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runtime of {@link TransformerBlock}: {@code h = x + norm(attn(x))}, {@code out = h + norm(ffn(h))}. */
final class TransformerBlockLayer extends LwsLayer<TransformerBlock> {

    static final String ATTENTION_NORM = "attnnorm";
    static final String FFN_NORM = "ffnnorm";

    private transient CausalSelfAttention attention;
    private transient SwiGlu ffn;
    private transient RmsNorm.Forward attentionNorm;
    private transient RmsNorm.Forward ffnNorm;

    TransformerBlockLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private void ensureSublayers() {
        if (attention == null) {
            TransformerBlock c = layerConf();
            attention = new CausalSelfAttention(
                    c.getHeadDim(), c.getQueryHeads(), c.getKeyValueHeads(), c.getRopeTheta(), c.getNormEps());
            ffn = new SwiGlu(c.getFfnHidden());
        }
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        ensureSublayers();
        int batch = (int) input.size(0);
        int time = (int) input.size(1);
        int width = layerConf().getModelWidth();
        INDArray x = input.reshape('c', (long) batch * time, width);
        INDArray out = forward(x, batch, time, training ? new Retainer(workspaceMgr) : null);
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, out.reshape('c', batch, time, width));
    }

    private INDArray forward(INDArray x, int batch, int time, Retainer retainer) {
        double eps = layerConf().getNormEps();
        RmsNorm.Forward aNorm =
                RmsNorm.forward(attention.forward(x, batch, time, params, retainer), params.get(ATTENTION_NORM), eps);
        INDArray h = x.add(aNorm.output());
        RmsNorm.Forward fNorm = RmsNorm.forward(ffn.forward(h, params, retainer), params.get(FFN_NORM), eps);
        if (retainer != null) {
            attentionNorm = aNorm.retained(retainer);
            ffnNorm = fNorm.retained(retainer);
        }
        return h.add(fNorm.output());
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (attentionNorm == null) {
            throw new IllegalStateException(layerId() + ": backprop without a training forward pass");
        }
        int batch = (int) epsilon.size(0);
        int time = (int) epsilon.size(1);
        int width = layerConf().getModelWidth();
        INDArray dOut = epsilon.reshape('c', (long) batch * time, width);

        INDArray dFfn = RmsNorm.backward(ffnNorm, params.get(FFN_NORM), dOut, gradientViews.get(FFN_NORM));
        INDArray dH = dOut.add(ffn.backward(dFfn, params, gradientViews));
        INDArray dAttention =
                RmsNorm.backward(attentionNorm, params.get(ATTENTION_NORM), dH, gradientViews.get(ATTENTION_NORM));
        INDArray dX = dH.addi(attention.backward(dAttention, params, gradientViews));
        attentionNorm = null;
        ffnNorm = null;

        return new Pair<>(
                filledGradient(),
                workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, dX.reshape('c', batch, time, width)));
    }

    @Override
    public void clear() {
        super.clear();
        attentionNorm = null;
        ffnNorm = null;
        if (attention != null) {
            attention.clear();
            ffn.clear();
        }
    }
}
