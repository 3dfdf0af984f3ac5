package org.lwsspark.model.io;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.lwsspark.model.nn.CrossEntropy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Next-token cross-entropy of a network over token sequences: position p predicts token p + 1. */
public final class NextTokenEval {

    /** Per-target losses in order, sequence after sequence; the mean is token-weighted. */
    public record Result(double[] perTokenLoss) {
        public int tokens() {
            return perTokenLoss.length;
        }

        public double loss() {
            double sum = 0;
            for (double l : perTokenLoss) {
                sum += l;
            }
            return sum / perTokenLoss.length;
        }

        public double perplexity() {
            return Math.exp(loss());
        }
    }

    private NextTokenEval() {}

    public static Result evaluate(ComputationGraph network, List<int[]> sequences) {
        int total = sequences.stream().mapToInt(s -> s.length - 1).sum();
        double[] losses = new double[total];
        int at = 0;
        for (int[] sequence : sequences) {
            int time = sequence.length - 1;
            double[] inputs = new double[time];
            int[] targets = new int[time];
            for (int t = 0; t < time; t++) {
                inputs[t] = sequence[t];
                targets[t] = sequence[t + 1];
            }
            INDArray tokens = Nd4j.create(
                    inputs, new long[] {1, time}, network.getConfiguration().getDataType());
            INDArray logits = network.outputSingle(tokens);
            double[] perToken = CrossEntropy.of(logits.reshape(time, logits.size(2)), targets)
                    .losses();
            System.arraycopy(perToken, 0, losses, at, time);
            at += time;
        }
        return new Result(losses);
    }
}
