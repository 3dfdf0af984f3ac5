package org.lwsspark.model.optim;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * How the learning rate moves over the optimizer steps, as a fraction of the peak rate. Steps are counted from 0:
 * {@code step} is the index of the optimizer step about to be taken.
 *
 * @param kind        the shape
 * @param warmupSteps {@code warmup-cosine}: steps of linear warmup, {@code peak * (step + 1) / warmupSteps}
 * @param totalSteps  {@code warmup-cosine}: the step at which the cosine reaches its floor (the run's length)
 * @param minLrRatio  {@code warmup-cosine}: the floor, as a fraction of the peak
 */
public record LearningRateSchedule(Kind kind, int warmupSteps, long totalSteps, double minLrRatio) {

    /** The shapes a run can choose ({@code train.optimizer.schedule} in conf/train.conf). */
    public enum Kind {
        /** The configured rate at every step. */
        CONSTANT,
        /** The paper's recipe (spec §3): 6e-4 at every step, no warmup, no decay. */
        PAPER,
        /** Linear warmup to the peak, then a half cosine down to {@code minLrRatio * peak} at {@code totalSteps}. */
        WARMUP_COSINE;

        @JsonValue
        public String configName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        @JsonCreator
        public static Kind of(String name) {
            for (Kind k : values()) {
                if (k.configName().equals(name)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown learning-rate schedule '" + name + "'; known: "
                    + Arrays.stream(values()).map(Kind::configName).toList());
        }
    }

    /** The paper's fixed learning rate. */
    public static final double PAPER_LEARNING_RATE = 6e-4;

    public LearningRateSchedule {
        if (kind == null) {
            throw new IllegalArgumentException("learning-rate schedule: no kind");
        }
        if (kind == Kind.WARMUP_COSINE) {
            if (warmupSteps < 0 || totalSteps < 1 || warmupSteps > totalSteps) {
                throw new IllegalArgumentException("learning-rate schedule warmup-cosine: need 0 <= warmup-steps ("
                        + warmupSteps + ") <= total steps (" + totalSteps + ")");
            }
            if (!(minLrRatio >= 0 && minLrRatio <= 1)) {
                throw new IllegalArgumentException(
                        "learning-rate schedule warmup-cosine: min-lr-ratio must be in " + "[0, 1], got " + minLrRatio);
            }
        }
    }

    public static LearningRateSchedule constant() {
        return new LearningRateSchedule(Kind.CONSTANT, 0, 0, 1.0);
    }

    public static LearningRateSchedule paper() {
        return new LearningRateSchedule(Kind.PAPER, 0, 0, 1.0);
    }

    public static LearningRateSchedule warmupCosine(int warmupSteps, long totalSteps, double minLrRatio) {
        return new LearningRateSchedule(Kind.WARMUP_COSINE, warmupSteps, totalSteps, minLrRatio);
    }

    /** The learning rate of optimizer step {@code step} (0-based) for a peak rate. */
    public double valueAt(long step, double peak) {
        return switch (kind) {
            case CONSTANT -> peak;
            case PAPER -> PAPER_LEARNING_RATE;
            case WARMUP_COSINE -> warmupCosine(step, peak, warmupSteps, totalSteps, minLrRatio);
        };
    }

    static double warmupCosine(long step, double peak, int warmupSteps, long totalSteps, double minLrRatio) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        double floor = minLrRatio * peak;
        double progress = Math.min(1.0, (step - warmupSteps) / (double) Math.max(1, totalSteps - warmupSteps));
        return floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
