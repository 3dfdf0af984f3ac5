package org.lwsspark.model.optim;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * {@link LearningRateSchedule.Kind#WARMUP_COSINE} as DL4J's updater consumes it: by iteration, which the trainer
 * keeps equal to the optimizer step. It lives in the network's JSON configuration (ND4J's shaded Jackson, hence the
 * annotations) and travels to Spark executors with it.
 */
public final class WarmupCosineSchedule implements ISchedule {

    private final double peak;
    private final int warmupSteps;
    private final long totalSteps;
    private final double minLrRatio;

    public WarmupCosineSchedule(
            @JsonProperty("peak") double peak,
            @JsonProperty("warmupSteps") int warmupSteps,
            @JsonProperty("totalSteps") long totalSteps,
            @JsonProperty("minLrRatio") double minLrRatio) {
        this.peak = peak;
        this.warmupSteps = warmupSteps;
        this.totalSteps = totalSteps;
        this.minLrRatio = minLrRatio;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return LearningRateSchedule.warmupCosine(iteration, peak, warmupSteps, totalSteps, minLrRatio);
    }

    @Override
    public ISchedule clone() {
        return new WarmupCosineSchedule(peak, warmupSteps, totalSteps, minLrRatio);
    }

    @JsonProperty("peak")
    public double getPeak() {
        return peak;
    }

    @JsonProperty("warmupSteps")
    public int getWarmupSteps() {
        return warmupSteps;
    }

    @JsonProperty("totalSteps")
    public long getTotalSteps() {
        return totalSteps;
    }

    @JsonProperty("minLrRatio")
    public double getMinLrRatio() {
        return minLrRatio;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WarmupCosineSchedule s
                && peak == s.peak
                && warmupSteps == s.warmupSteps
                && totalSteps == s.totalSteps
                && minLrRatio == s.minLrRatio;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(peak, warmupSteps, totalSteps, minLrRatio);
    }
}
