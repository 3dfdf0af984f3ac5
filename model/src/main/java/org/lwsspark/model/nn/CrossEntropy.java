package org.lwsspark.model.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Softmax cross-entropy against integer targets. Labels are never one-hot: at a 50 K vocabulary that would be
 * gigabytes per batch.
 */
public final class CrossEntropy {

    private CrossEntropy() {
    }

    /** The per-position loss and, for training, the softmax probabilities it came from. */
    public record Result(double[] losses, INDArray probabilities) {
        public double mean() {
            double sum = 0;
            for (double l : losses) {
                sum += l;
            }
            return sum / losses.length;
        }
    }

    /** @param logits [N, V]; @param targets N ids */
    public static Result of(INDArray logits, int[] targets) {
        if (logits.size(0) != targets.length) {
            throw new IllegalArgumentException("logits have " + logits.size(0) + " rows for " + targets.length + " targets");
        }
        INDArray shifted = logits.subColumnVector(logits.max(true, 1));
        INDArray exp = Transforms.exp(shifted, true);
        INDArray sum = exp.sum(true, 1);
        INDArray logSum = Transforms.log(sum, true);
        double[] losses = new double[targets.length];
        for (int i = 0; i < targets.length; i++) {
            losses[i] = logSum.getDouble(i, 0) - shifted.getDouble(i, targets[i]);
        }
        return new Result(losses, exp.diviColumnVector(sum));
    }

    /** The gradient of the mean loss with respect to the logits: (p - onehot) / N, computed in place of p. */
    static INDArray meanLossGradient(Result result, int[] targets) {
        INDArray grad = result.probabilities();
        for (int i = 0; i < targets.length; i++) {
            grad.putScalar(i, targets[i], grad.getDouble(i, targets[i]) - 1.0);
        }
        return grad.divi(targets.length);
    }
}
