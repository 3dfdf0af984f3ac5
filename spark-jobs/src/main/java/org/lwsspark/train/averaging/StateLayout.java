package org.lwsspark.train.averaging;

import java.io.Serializable;

/**
 * How a worker's state is cut into chunks for the reduce-scatter: the parameters first, then the optimizer state,
 * each in chunks of {@code chunkElements} floats (no chunk spans both). The chunks are the unit of the shuffle and of
 * the results: a task result must stay far below the 2 GiB of a Java array and under Kryo's buffer limit, whatever
 * the model's size.
 *
 * @param parameters     floats of the parameter vector
 * @param optimizerState floats of the updater's state vector (Adam m and v)
 * @param chunkElements  floats per chunk
 */
record StateLayout(long parameters, long optimizerState, long chunkElements) implements Serializable {

    /** 16 MiB a chunk: large enough that a chunk's per-record cost vanishes, small enough to sum in cache-sized runs. */
    static final long DEFAULT_CHUNK_ELEMENTS = 4L << 20;

    /** Chunks per reduce task's result: 64 MiB, so Kryo's default buffer limit needs raising only slightly. */
    static final int CHUNKS_PER_RESULT = 4;

    /** Where one chunk lies: in the parameters or in the optimizer state, and its range there. */
    record Slot(boolean optimizer, long first, long length) {}

    int parameterChunks() {
        return chunksOf(parameters);
    }

    /** The chunks of a round that averages the parameters only, or the optimizer state too. */
    int chunks(boolean withOptimizerState) {
        return parameterChunks() + (withOptimizerState ? chunksOf(optimizerState) : 0);
    }

    Slot slot(int chunk) {
        int p = parameterChunks();
        boolean optimizer = chunk >= p;
        long first = (optimizer ? chunk - p : chunk) * chunkElements;
        long total = optimizer ? optimizerState : parameters;
        return new Slot(optimizer, first, Math.min(chunkElements, total - first));
    }

    /**
     * Reduce tasks of a round: one per worker at least (the summing is spread over them), and enough that no task
     * returns more than {@link #CHUNKS_PER_RESULT} chunks.
     */
    int reducers(int workers, boolean withOptimizerState) {
        int chunks = chunks(withOptimizerState);
        return Math.max(1, Math.min(chunks, Math.max(workers, (chunks + CHUNKS_PER_RESULT - 1) / CHUNKS_PER_RESULT)));
    }

    /** The largest result a reduce task sends to the driver, in bytes. */
    long largestResultBytes() {
        return CHUNKS_PER_RESULT * chunkElements * Float.BYTES;
    }

    private int chunksOf(long elements) {
        return Math.toIntExact((elements + chunkElements - 1) / chunkElements);
    }
}
