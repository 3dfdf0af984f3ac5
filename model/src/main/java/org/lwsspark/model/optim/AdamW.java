package org.lwsspark.model.optim;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Adam exactly as {@code torch.optim.AdamW} computes it, as a DL4J updater configuration (the decoupled weight
 * decay of AdamW is DL4J's {@code WeightDecay} regularisation, set per layer by
 * {@link org.lwsspark.model.nn.LwsTransformer}).
 *
 * <p>DL4J's own {@code Adam} adds epsilon to {@code sqrt(v)} before the bias correction of v, PyTorch after it;
 * DL4J's effective epsilon is therefore {@code eps / sqrt(1 - beta2^t)}, 4.5 times larger at the first step. On
 * parameters whose gradients are near epsilon that changed the update by a third: four steps of a small model
 * ended up to 3.6e-4 away from PyTorch's weights (moves of 1e-2), against under 2e-5 with this updater.
 */
public final class AdamW implements IUpdater {

    private final double learningRate;
    private final ISchedule learningRateSchedule;
    private final double beta1;
    private final double beta2;
    private final double epsilon;

    public AdamW(
            @JsonProperty("learningRate") double learningRate,
            @JsonProperty("learningRateSchedule") ISchedule learningRateSchedule,
            @JsonProperty("beta1") double beta1,
            @JsonProperty("beta2") double beta2,
            @JsonProperty("epsilon") double epsilon) {
        this.learningRate = learningRate;
        this.learningRateSchedule = learningRateSchedule;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    public long stateSize(long numParams) {
        return 2 * numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        AdamWUpdater updater = new AdamWUpdater(this);
        INDArray flat = viewArray.reshape(viewArray.length());
        updater.setStateViewArray(flat, new long[] {flat.length() / 2}, flat.ordering(), initializeViewArray);
        return updater;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        AdamWUpdater updater = new AdamWUpdater(this);
        updater.setState(updaterState, initializeStateArrays);
        return updater;
    }

    @Override
    public AdamW clone() {
        return new AdamW(
                learningRate,
                learningRateSchedule == null ? null : learningRateSchedule.clone(),
                beta1,
                beta2,
                epsilon);
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRateSchedule != null ? learningRateSchedule.valueAt(iteration, epoch) : learningRate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        throw new UnsupportedOperationException("AdamW's learning rate is set when it is built");
    }

    @JsonProperty("learningRate")
    public double getLearningRate() {
        return learningRate;
    }

    @JsonProperty("learningRateSchedule")
    public ISchedule getLearningRateSchedule() {
        return learningRateSchedule;
    }

    @JsonProperty("beta1")
    public double getBeta1() {
        return beta1;
    }

    @JsonProperty("beta2")
    public double getBeta2() {
        return beta2;
    }

    @JsonProperty("epsilon")
    public double getEpsilon() {
        return epsilon;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdamW a
                && Double.compare(learningRate, a.learningRate) == 0
                && Objects.equals(learningRateSchedule, a.learningRateSchedule)
                && beta1 == a.beta1
                && beta2 == a.beta2
                && epsilon == a.epsilon;
    }

    @Override
    public int hashCode() {
        return Objects.hash(learningRate, learningRateSchedule, beta1, beta2, epsilon);
    }
}
