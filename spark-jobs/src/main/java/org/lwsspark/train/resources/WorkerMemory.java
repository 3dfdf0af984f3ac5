package org.lwsspark.train.resources;

/**
 * The memory of one worker (one task slot training one network), in bytes, fp32.
 *
 * <p>Off-heap (ND4J): the network's parameters, their gradients and Adam's m and v (4 + 4 + 8 bytes per
 * parameter: a worker runs AdamW itself whatever is averaged), and what a training step adds
 * ({@link ActivationMemory}). On-heap: the averaging chunk being written to the shuffle (its values and their
 * serialized bytes) and, on a cluster executor, the broadcast state as it arrives.
 *
 * @param parameters       4 bytes per parameter
 * @param gradients        4 bytes per parameter (DL4J's flat gradient view)
 * @param adamState        8 bytes per parameter (m and v)
 * @param activations      a training step's workspaces and tables
 * @param averagingChunks  one chunk's values and its serialized copy, on the heap
 * @param broadcastCopies  on a cluster executor: the broadcast's pieces (kept by the block manager, which serves
 *                         them to other executors) and the value deserialized from them, 2 S; 0 in local mode,
 *                         where every worker reads the driver's value
 */
public record WorkerMemory(
        long parameters,
        long gradients,
        long adamState,
        ActivationMemory activations,
        long averagingChunks,
        long broadcastCopies) {

    static WorkerMemory of(long params, ActivationMemory activations, long stateBytes, boolean cluster) {
        return new WorkerMemory(
                4 * params,
                4 * params,
                8 * params,
                activations,
                2 * Math.min(RoundBytes.TASK_RESULT_BYTES, stateBytes),
                cluster ? 2 * stateBytes : 0);
    }

    /** ND4J's memory: the network, its optimizer state and its step's workspaces. */
    public long offHeap() {
        return parameters + gradients + adamState + activations.total();
    }

    /** JVM heap this worker adds: the averaging chunk and, on a cluster, the broadcast. */
    public long heap() {
        return averagingChunks + broadcastCopies;
    }

    /** Everything the worker needs in host memory. */
    public long host() {
        return offHeap() + heap();
    }

    /**
     * Device memory of the same worker on a GPU, assuming ND4J's CUDA backend keeps the same fp32 arrays and
     * workspaces on the device (the network, its optimizer state and the step's workspaces: {@link #offHeap()}).
     */
    public long device() {
        return offHeap();
    }
}
