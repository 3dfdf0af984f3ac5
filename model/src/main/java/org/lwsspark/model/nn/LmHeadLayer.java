package org.lwsspark.model.nn;

import java.util.List;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime of {@link LmHead}. {@code activate} returns the logits {@code [batch, time, V]}; as DL4J's output
 * layer it scores them against integer targets {@code [batch, time]} (the labels) and backpropagates the mean
 * cross-entropy.
 */
final class LmHeadLayer extends LwsLayer<LmHead> implements IOutputLayer {

    private INDArray labels;
    /**
     * The loss of the last backward pass and the input and labels it was for. DL4J asks for the score after
     * backprop, in another workspace: keeping the number (not the arrays) avoids a second forward pass.
     */
    private transient double lastLoss;

    private transient INDArray lastLossInput;
    private transient INDArray lastLossLabels;

    private record Forward(RmsNorm.Forward norm, INDArray logits) {}

    LmHeadLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private Forward forward() {
        assertInputSet(false);
        INDArray x =
                input.reshape('c', input.size(0) * input.size(1), layerConf().getModelWidth());
        RmsNorm.Forward norm =
                RmsNorm.forward(x, params.get(LmHead.NORM), layerConf().getNormEps());
        // Nd4j.gemm, not INDArray.mmul: measured 3x faster on the [B*T, V] logits.
        return new Forward(norm, Nd4j.gemm(norm.output(), params.get(LmHead.WEIGHT), false, false));
    }

    private int[] targets() {
        if (labels == null) {
            throw new IllegalStateException(layerId() + ": no labels (next-token targets) set");
        }
        if (labels.size(0) != input.size(0) || labels.size(1) != input.size(1)) {
            throw new IllegalArgumentException(
                    layerId() + ": targets of shape " + java.util.Arrays.toString(labels.shape())
                            + " for input of shape " + java.util.Arrays.toString(input.shape()));
        }
        return TokenIds.of(labels, layerConf().getVocabSize(), layerId() + " target id");
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        return workspaceMgr.leverageTo(
                ArrayType.ACTIVATIONS,
                forward()
                        .logits()
                        .reshape('c', input.size(0), input.size(1), layerConf().getVocabSize()));
    }

    /**
     * The mean cross-entropy. DL4J would add {@code fullNetRegTerm}, the weight-decay penalty; with decoupled
     * weight decay (AdamW) that penalty is not part of the objective, and a reported loss must stay comparable
     * with ln V and with other frameworks, so it is left out.
     */
    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (input == lastLossInput && labels == lastLossLabels) {
            score = lastLoss;
        } else {
            score = CrossEntropy.of(forward().logits(), targets()).mean();
        }
        return score;
    }

    @Override
    public INDArray computeScoreForExamples(double fullNetRegTerm, LayerWorkspaceMgr workspaceMgr) {
        double[] losses = CrossEntropy.of(forward().logits(), targets()).losses();
        int batch = (int) input.size(0);
        int time = (int) input.size(1);
        double[] perSequence = new double[batch];
        for (int b = 0; b < batch; b++) {
            double sum = 0;
            for (int t = 0; t < time; t++) {
                sum += losses[b * time + t];
            }
            perSequence[b] = sum / time;
        }
        return workspaceMgr.leverageTo(
                ArrayType.ACTIVATIONS, Nd4j.create(perSequence, new long[] {batch, 1}, input.dataType()));
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        Forward f = forward();
        int[] targets = targets();
        CrossEntropy.Result result = CrossEntropy.withGradient(f.logits(), targets);
        lastLoss = result.mean();
        lastLossInput = input;
        lastLossLabels = labels;
        score = lastLoss;
        INDArray dLogits = result.meanLossGradient();
        Nd4j.gemm(f.norm().output(), dLogits, gradientViews.get(LmHead.WEIGHT), true, false, 1.0, 0.0);
        INDArray dX = RmsNorm.backward(
                f.norm(),
                params.get(LmHead.NORM),
                Nd4j.gemm(dLogits, params.get(LmHead.WEIGHT), false, true),
                gradientViews.get(LmHead.NORM));
        return new Pair<>(
                filledGradient(),
                workspaceMgr.leverageTo(
                        ArrayType.ACTIVATION_GRAD,
                        dX.reshape(
                                'c', input.size(0), input.size(1), layerConf().getModelWidth())));
    }

    @Override
    public boolean needsLabels() {
        return true;
    }

    @Override
    public void setLabels(INDArray labels) {
        this.labels = labels;
    }

    @Override
    public INDArray getLabels() {
        return labels;
    }

    @Override
    public double score() {
        return score;
    }

    @Override
    public int numLabels() {
        return layerConf().getVocabSize();
    }

    @Override
    public void clear() {
        super.clear();
        labels = null;
        lastLossInput = null;
        lastLossLabels = null;
    }

    // DL4J's Classifier API is for one-hot classification: language modelling goes through fit/score/output.

    @Override
    public double f1Score(DataSet data) {
        throw unsupported();
    }

    @Override
    public double f1Score(INDArray examples, INDArray labels) {
        throw unsupported();
    }

    @Override
    public void fit(DataSetIterator iter) {
        throw unsupported();
    }

    @Override
    public int[] predict(INDArray examples) {
        throw unsupported();
    }

    @Override
    public List<String> predict(DataSet dataSet) {
        throw unsupported();
    }

    @Override
    public void fit(INDArray examples, INDArray labels) {
        throw unsupported();
    }

    @Override
    public void fit(DataSet data) {
        throw unsupported();
    }

    @Override
    public void fit(INDArray examples, int[] labels) {
        throw unsupported();
    }

    private UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException(
                layerId() + ": train and score the language model through " + "ComputationGraph.fit/score/output");
    }
}
