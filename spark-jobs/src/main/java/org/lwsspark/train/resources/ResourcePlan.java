package org.lwsspark.train.resources;

import java.util.List;
import org.lwsspark.model.plan.ModelPlan;
import org.lwsspark.run.ResourcePlanJson;
import org.lwsspark.train.averaging.AveragedState;

/**
 * The memory and traffic of a training run, computed from its shapes alone (no Spark, no ND4J): per worker, for the
 * driver, and per averaging round; and how often to average so that the rounds cost at most a given share of the
 * time. Every figure is in bytes, fp32. The worker's memory follows DL4J's workspaces array by array
 * ({@link ActivationMemory}); {@code bench/resource-plan} checks it against measured peaks.
 *
 * @param model              the resolved model (with the data's vocabulary)
 * @param seqLen             tokens per row
 * @param batchPerWorker     rows per worker and step
 * @param workers            N, the data-parallel workers
 * @param workersInDriverJvm worker networks living in the driver's JVM: the workers of a {@code local[N]} master,
 *                           0 on a cluster
 * @param state              what each round averages
 * @param stepTimes          the step times {@link #lines()} prints steps per round for
 */
public record ResourcePlan(
        ModelPlan model,
        int seqLen,
        int batchPerWorker,
        int workers,
        int workersInDriverJvm,
        AveragedState state,
        WorkerMemory worker,
        DriverMemory driver,
        RoundBytes round,
        List<StepTime> stepTimes) {

    /** The overhead {@link #lines()} sizes rounds for: at most 10% of the time. */
    public static final double DEFAULT_MAX_OVERHEAD = 0.10;
    /** The bandwidth {@link #lines()} assumes for every link: 1 GB/s, about 10 Gbit/s Ethernet or one SSD. */
    public static final double DEFAULT_BYTES_PER_SECOND = 1e9;

    public ResourcePlan {
        if (seqLen < 1 || batchPerWorker < 1 || workers < 1 || workersInDriverJvm < 0) {
            throw new IllegalArgumentException("a resource plan needs seqLen, batchPerWorker and workers >= 1 and "
                    + "workersInDriverJvm >= 0, got " + seqLen + ", " + batchPerWorker + ", " + workers + ", "
                    + workersInDriverJvm);
        }
        stepTimes = List.copyOf(stepTimes);
    }

    /**
     * The plan of N workers of {@code batchPerWorker} rows of {@code seqLen} tokens, printing steps per round for
     * the CPU (one thread per worker) and an H200 ({@link StepTime}); {@link #withStepTimes} changes them.
     */
    public static ResourcePlan of(
            ModelPlan model, int seqLen, int batchPerWorker, int workers, int workersInDriverJvm, AveragedState state) {
        long params = model.totalParams();
        long stateBytes = state.bytes(params);
        boolean local = workersInDriverJvm > 0;
        WorkerMemory worker =
                WorkerMemory.of(params, ActivationMemory.of(model, batchPerWorker, seqLen), stateBytes, !local);
        return new ResourcePlan(
                model,
                seqLen,
                batchPerWorker,
                workers,
                workersInDriverJvm,
                state,
                worker,
                DriverMemory.of(params, AveragedState.ALL.bytes(params), worker, workersInDriverJvm),
                new RoundBytes(stateBytes, workers, local),
                List.of(
                        StepTime.cpu(model, seqLen, batchPerWorker, 1),
                        StepTime.h200Fp32(model, seqLen, batchPerWorker)));
    }

    public ResourcePlan withStepTimes(List<StepTime> times) {
        return new ResourcePlan(
                model, seqLen, batchPerWorker, workers, workersInDriverJvm, state, worker, driver, round, times);
    }

    public long driverHeapBytes() {
        return driver.heap();
    }

    public long driverOffHeapBytes() {
        return driver.offHeap();
    }

    /**
     * {@code spark.driver.maxResultSize} must be at least this: the task results of a round that averages the whole
     * state (every round under {@code all}, the rounds that end at a checkpoint under {@code parameters}), plus a
     * task's results of margin.
     */
    public long driverMaxResultSizeBytes() {
        return AveragedState.ALL.bytes(model.totalParams()) + RoundBytes.TASK_RESULT_BYTES;
    }

    /** One worker's off-heap (ND4J) memory. */
    public long workerOffHeapBytes() {
        return worker.offHeap();
    }

    /** One worker's host memory: off-heap and the heap it adds. */
    public long workerHostBytes() {
        return worker.host();
    }

    /** One worker's device memory on a GPU (same fp32 arrays and workspaces as on the host). */
    public long workerDeviceBytes() {
        return worker.device();
    }

    public long broadcastBytesPerRound() {
        return round.broadcastBytes();
    }

    public long resultBytesPerRound() {
        return round.resultBytes();
    }

    /** Written to the shuffle per round (N x S); read again by the reducers. */
    public long shuffleBytesPerRound() {
        return round.shuffleBytes();
    }

    public long throughDriverBytesPerRound() {
        return round.throughDriverBytes();
    }

    /** Tokens of one optimizer step, all workers together. */
    public long tokensPerStep() {
        return (long) workers * batchPerWorker * seqLen;
    }

    /**
     * The averaging frequency k: the fewest steps per round for which a round's cost
     * ({@link RoundBytes#seconds}) is at most {@code maxOverhead} of k steps' time.
     */
    public int stepsPerRound(double stepSeconds, double maxOverhead, double bytesPerSecond) {
        if (!(stepSeconds > 0 && maxOverhead > 0 && bytesPerSecond > 0)) {
            throw new IllegalArgumentException("step seconds, overhead and bandwidth must be positive");
        }
        double steps = Math.ceil(round.seconds(bytesPerSecond) / (maxOverhead * stepSeconds) - 1e-9);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, steps));
    }

    /** The figures as printed by {@code ./lws train --dry-run}, one line each. */
    public List<String> lines() {
        return ResourceLines.of(this);
    }

    /** The figures as run.json records them. */
    public ResourcePlanJson json() {
        return ResourceJson.of(this);
    }
}
