package org.lwsspark.train.resources;

/**
 * The memory of the driver JVM, in bytes. In {@code local[N]} mode the N workers run inside it, so their memory is
 * the driver's too.
 *
 * @param heapBase           Spark, DL4J, Kryo and the trainer with nothing in flight ({@link #HEAP_BASE})
 * @param broadcastPieces    the broadcast state's serialized pieces, which the block manager keeps on the heap:
 *                           the parameters for the round, the optimizer state until it changes (12 bytes per
 *                           parameter, whatever is averaged)
 * @param resultChunks       averaged chunks arriving as task results: Spark deserializes up to
 *                           {@link #RESULT_GETTER_THREADS} at once, each as its bytes and its values
 * @param localWorkersHeap   local mode: the workers' averaging chunks
 * @param network            the driver's own network: parameters and Adam's m and v, 12 bytes per parameter (it never
 *                           fits, so DL4J allocates no gradients for it)
 * @param localWorkersOffHeap local mode: the workers' networks and workspaces
 */
public record DriverMemory(
        long heapBase,
        long broadcastPieces,
        long resultChunks,
        long localWorkersHeap,
        long network,
        long localWorkersOffHeap) {

    /**
     * The driver's heap with nothing in flight. Measured ({@code bench/resource-plan driver-base}, 2026-12-04): a
     * local[2] SparkContext with the trainer's settings (UI on), a tiny network built and ten jobs run peaked at
     * 138 and 177 MiB of heap used (two runs), 32 MiB live after a full GC. What the trainer adds (metrics, evaluation, checkpoint
     * streams) is not measured yet ({@code bench/resource-plan run} will): 512 MiB covers it with room for the
     * collector.
     */
    static final long HEAP_BASE = 512L << 20;

    /** Spark's {@code spark.resultGetter.threads} default: task results deserialized at once. */
    static final int RESULT_GETTER_THREADS = 4;

    static DriverMemory of(long params, long stateBytes, WorkerMemory worker, int workersInDriverJvm) {
        long inFlight = Math.min((long) RESULT_GETTER_THREADS * RoundBytes.TASK_RESULT_BYTES, stateBytes);
        return new DriverMemory(
                HEAP_BASE,
                stateBytes,
                2 * inFlight,
                workersInDriverJvm * worker.heap(),
                12 * params,
                workersInDriverJvm * worker.offHeap());
    }

    public long heap() {
        return heapBase + broadcastPieces + resultChunks + localWorkersHeap;
    }

    public long offHeap() {
        return network + localWorkersOffHeap;
    }
}
