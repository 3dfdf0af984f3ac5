package org.lwsspark.model.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Softmax cross-entropy against integer targets. Labels are never one-hot: at a 50 K vocabulary that would be
 * gigabytes per batch. The logits matrix is the largest array of a step, so it is worked on in place.
 */
public final class CrossEntropy {

    private CrossEntropy() {}

    /** Per-position losses, and the gradient of their mean where it was asked for. */
    public record Result(double[] losses, INDArray meanLossGradient) {
        public double mean() {
            double sum = 0;
            for (double l : losses) {
                sum += l;
            }
            return sum / losses.length;
        }
    }

    /** The losses of logits [N, V] against N target ids. The logits are overwritten. */
    public static Result of(INDArray logits, int[] targets) {
        return compute(logits, targets, false);
    }

    /**
     * The losses and the gradient of their mean with respect to the logits, {@code (softmax - onehot) / N},
     * computed in the logits' own memory: they are overwritten.
     */
    static Result withGradient(INDArray logits, int[] targets) {
        return compute(logits, targets, true);
    }

    private static Result compute(INDArray z, int[] targets, boolean gradient) {
        int n = targets.length;
        if (z.size(0) != n) {
            throw new IllegalArgumentException("logits have " + z.size(0) + " rows for " + n + " targets");
        }
        z.subiColumnVector(z.max(true, 1));
        double[] targetLogits = new double[n];
        for (int i = 0; i < n; i++) {
            targetLogits[i] = z.getDouble(i, targets[i]);
        }
        Transforms.exp(z, false);
        INDArray sum = z.sum(true, 1);
        double[] losses = new double[n];
        for (int i = 0; i < n; i++) {
            losses[i] = Math.log(sum.getDouble(i, 0)) - targetLogits[i];
        }
        if (!gradient) {
            return new Result(losses, null);
        }
        z.diviColumnVector(sum.muli(n));
        for (int i = 0; i < n; i++) {
            z.putScalar(i, targets[i], z.getDouble(i, targets[i]) - 1.0 / n);
        }
        return new Result(losses, z);
    }
}
