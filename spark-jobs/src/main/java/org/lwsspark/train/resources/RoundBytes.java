package org.lwsspark.train.resources;

import org.lwsspark.train.averaging.ReduceScatterAveraging;

/**
 * The bytes one averaging round moves, and what that costs in time. The round: the driver broadcasts the state S
 * (TorrentBroadcast, 4 MiB pieces, uncompressed); each worker trains its steps, cuts its S bytes into
 * chunks and writes them to the shuffle; reducers sum chunk k over the N workers and divide by
 * N (a reduce-scatter); the averaged chunks, S in all, come to the driver as task results.
 *
 * @param stateBytes S: 4 bytes x parameters x (3 with Adam's m and v, 1 without)
 * @param workers    N
 * @param local      whether every worker is in the driver's JVM ({@code local[N]})
 */
public record RoundBytes(long stateBytes, int workers, boolean local) {

    /** The most one reduce task returns to the driver (its averaged chunks). */
    public static final long TASK_RESULT_BYTES = ReduceScatterAveraging.taskResultBytes();

    /**
     * A round's cost besides its bytes, whatever their number: two Spark stages (the workers' steps and the reduce),
     * their tasks' launch and the broadcast's set-up. A job of two near-empty tasks took 0.26 s in local mode on
     * this (shared, loaded) machine ({@code bench/resource-plan driver-base}); a cluster adds RPC round trips and
     * two stages are two jobs' worth of scheduling: 1 s, stated as a margin.
     */
    public static final double LATENCY_SECONDS = 1.0;

    /** Serialized by the driver into pieces, and on a cluster sent at least once (executors also serve peers). */
    public long broadcastBytes() {
        return stateBytes;
    }

    /** The averaged chunks the driver receives: S, whatever N. */
    public long resultBytes() {
        return stateBytes;
    }

    /** Written to the shuffle, N x S; the reducers read the same again. */
    public long shuffleBytes() {
        return workers * stateBytes;
    }

    /** Out of and into the driver: the broadcast and the task results. */
    public long throughDriverBytes() {
        return broadcastBytes() + resultBytes();
    }

    /**
     * The bytes on a round's critical path, taken to cross one link each at the stated bandwidth: the driver's
     * 2 S, then on a cluster each worker's shuffle write and read (S each, all workers in parallel), or in local
     * mode all N workers' (2 N S through the one machine).
     */
    public long criticalPathBytes() {
        long shuffle = local ? 2 * shuffleBytes() : 2 * stateBytes;
        return throughDriverBytes() + shuffle;
    }

    /** {@link #LATENCY_SECONDS} plus the critical path at {@code bytesPerSecond}. */
    public double seconds(double bytesPerSecond) {
        return LATENCY_SECONDS + criticalPathBytes() / bytesPerSecond;
    }
}
