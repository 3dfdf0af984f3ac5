package org.lwsspark.model.optim;

import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * AdamW as DL4J expresses it: Adam plus decoupled weight decay scaled by the learning rate, applied to every
 * parameter but the input embedding, a learning-rate schedule, and clipping of the global gradient norm.
 *
 * <p>Checkpoints written before the schedule and the clipping existed hold neither: they read back as a constant
 * rate without clipping, which is what they were trained with.
 *
 * @param learningRate the peak learning rate (the rate itself for a constant schedule)
 * @param beta1        Adam's first-moment decay
 * @param beta2        Adam's second-moment decay
 * @param epsilon      Adam's epsilon
 * @param weightDecay  decoupled weight decay coefficient
 * @param clipNorm     the largest global L2 norm of the gradient (0: no clipping); see {@link GlobalNormClipping}
 * @param schedule     how the rate moves over the steps
 */
public record OptimizerConfig(
        double learningRate,
        double beta1,
        double beta2,
        double epsilon,
        double weightDecay,
        double clipNorm,
        LearningRateSchedule schedule) {

    public OptimizerConfig {
        if (schedule == null) {
            schedule = LearningRateSchedule.constant();
        }
        if (schedule.kind() == LearningRateSchedule.Kind.PAPER) {
            learningRate = LearningRateSchedule.PAPER_LEARNING_RATE;
        }
        require(learningRate > 0, "lr must be positive, got " + learningRate);
        require(
                beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1,
                "betas must be in [0, 1), got " + beta1 + ", " + beta2);
        require(epsilon > 0, "epsilon must be positive, got " + epsilon);
        require(weightDecay >= 0, "weight-decay must not be negative, got " + weightDecay);
        require(clipNorm >= 0, "clip-norm must not be negative (0 turns clipping off), got " + clipNorm);
    }

    /** The paper's recipe (spec §3): constant 6e-4, betas 0.9/0.95, eps 1e-8, weight decay 0.01, clipping at 1.0. */
    public static OptimizerConfig paper() {
        return new OptimizerConfig(
                LearningRateSchedule.PAPER_LEARNING_RATE, 0.9, 0.95, 1e-8, 0.01, 1.0, LearningRateSchedule.paper());
    }

    /** The same recipe at another constant rate. */
    public OptimizerConfig withLearningRate(double lr) {
        return new OptimizerConfig(lr, beta1, beta2, epsilon, weightDecay, clipNorm, LearningRateSchedule.constant());
    }

    public OptimizerConfig withWeightDecay(double wd) {
        return new OptimizerConfig(learningRate, beta1, beta2, epsilon, wd, clipNorm, schedule);
    }

    public OptimizerConfig withSchedule(LearningRateSchedule newSchedule) {
        return new OptimizerConfig(learningRate, beta1, beta2, epsilon, weightDecay, clipNorm, newSchedule);
    }

    /** The learning rate of optimizer step {@code step} (0-based). */
    public double learningRateAt(long step) {
        return schedule.valueAt(step, learningRate);
    }

    /** PyTorch's Adam with this rate or schedule; weight decay and clipping are set elsewhere (per layer, listener). */
    public IUpdater updater() {
        ISchedule lrSchedule = schedule.kind() != LearningRateSchedule.Kind.WARMUP_COSINE
                ? null
                : new WarmupCosineSchedule(
                        learningRate, schedule.warmupSteps(), schedule.totalSteps(), schedule.minLrRatio());
        return new AdamW(learningRate, lrSchedule, beta1, beta2, epsilon);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("optimizer: " + message);
        }
    }
}
