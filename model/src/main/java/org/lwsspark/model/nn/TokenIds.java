package org.lwsspark.model.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Token ids travel through DL4J as floating-point arrays; this turns them back into checked integers. */
final class TokenIds {

    private TokenIds() {}

    /** The ids of a [batch, time] array, row-major, each checked to be an integer in [0, vocabSize). */
    static int[] of(INDArray ids, int vocabSize, String what) {
        if (ids.rank() != 2) {
            throw new IllegalArgumentException(
                    what + " must be [batch, time], got shape " + java.util.Arrays.toString(ids.shape()));
        }
        double[] values = ids.dup('c').data().asDouble();
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (v < 0 || v >= vocabSize || v != Math.rint(v)) {
                throw new IllegalArgumentException(
                        what + " at flat index " + i + " is " + v + ": not an integer id in [0, " + vocabSize + ")");
            }
            out[i] = (int) v;
        }
        return out;
    }
}
