package org.lwsspark.train.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Packed rows of {@code seq_len + 1} ids as the network's training examples: inputs are the first {@code seq_len}
 * ids of each row, targets the last {@code seq_len} (position p predicts id p + 1), both {@code [rows, seq_len]}
 * integral floats (exact up to 2^24, far above any vocabulary here).
 */
public final class TokenBatches {

    private TokenBatches() {}

    public static MultiDataSet of(int[][] rows) {
        int seqLen = rows[0].length - 1;
        float[] inputs = new float[rows.length * seqLen];
        float[] targets = new float[rows.length * seqLen];
        for (int r = 0; r < rows.length; r++) {
            int[] row = rows[r];
            if (row.length != seqLen + 1) {
                throw new IllegalArgumentException(
                        "row " + r + " has " + row.length + " ids, expected " + (seqLen + 1));
            }
            for (int t = 0; t < seqLen; t++) {
                inputs[r * seqLen + t] = row[t];
                targets[r * seqLen + t] = row[t + 1];
            }
        }
        long[] shape = {rows.length, seqLen};
        return new MultiDataSet(
                Nd4j.create(inputs, shape, DataType.FLOAT), Nd4j.create(targets, shape, DataType.FLOAT));
    }
}
