package org.lwsspark.train.data;

import java.io.Serializable;
import java.util.List;

/**
 * What one Spark task reads: rows from a few spans, in order, cut into batches of {@code batch} rows (the last one
 * may be shorter), trained or scored with {@code threads} CPU threads for ND4J and its BLAS.
 */
public record WorkerSlice(List<SpanRead> reads, int batch, int threads) implements Serializable {

    public WorkerSlice {
        reads = List.copyOf(reads);
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be positive, got " + batch);
        }
    }

    public int rows() {
        return reads.stream().mapToInt(SpanRead::rows).sum();
    }
}
