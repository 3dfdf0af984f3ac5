package org.lwsspark.model.nn;

/**
 * AdamW as DL4J expresses it: Adam plus decoupled weight decay scaled by the learning rate, applied to every
 * parameter but the input embedding.
 *
 * @param learningRate constant learning rate
 * @param beta1        Adam's first-moment decay
 * @param beta2        Adam's second-moment decay
 * @param epsilon      Adam's epsilon
 * @param weightDecay  decoupled weight decay coefficient
 */
public record OptimizerConfig(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {

    /** The paper's recipe (spec §3). */
    public static OptimizerConfig paper() {
        return new OptimizerConfig(6e-4, 0.9, 0.95, 1e-8, 0.01);
    }

    public OptimizerConfig withLearningRate(double lr) {
        return new OptimizerConfig(lr, beta1, beta2, epsilon, weightDecay);
    }

    public OptimizerConfig withWeightDecay(double wd) {
        return new OptimizerConfig(learningRate, beta1, beta2, epsilon, wd);
    }
}
