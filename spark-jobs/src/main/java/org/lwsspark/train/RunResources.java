package org.lwsspark.train;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.lwsspark.data.TokenShards;
import org.lwsspark.model.plan.ModelPlan;
import org.lwsspark.train.averaging.ReduceScatterAveraging;
import org.lwsspark.train.resources.ResourcePlan;

/**
 * The resources a run needs, checked and set before Spark starts: the driver's JVM must hold the plan (its heap
 * cannot grow once started, so a run that would not fit is refused with the setting to raise), and the Spark
 * settings that the averaging's traffic and the executors' off-heap memory need are set where the user has not
 * set them.
 */
final class RunResources {

    private static final double GIB = 1L << 30;

    private RunResources() {}

    /** The plan as far as it is known before Spark starts: on a cluster the executors are not counted yet. */
    static ResourcePlan beforeSpark(TrainConfig config, ModelPlan model, TokenShards data, SparkConf conf) {
        int localCores = SparkSettings.localCores(conf.get("spark.master"));
        int workers = config.workers() > 0 ? config.workers() : Math.max(1, localCores);
        return ResourcePlan.of(
                model,
                data.manifest().seqLen(),
                config.batchPerWorker(),
                workers,
                localCores > 0 ? workers : 0,
                config.averagingState());
    }

    /**
     * Refuses a run whose driver would run out of memory: a heap below the plan's, or heap and off-heap together
     * above the machine's memory.
     */
    static void requireDriverFits(ResourcePlan plan) {
        long heap = Runtime.getRuntime().maxMemory();
        if (heap < plan.driverHeapBytes()) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "the driver's Java heap is %.1f GiB, this run needs %.1f GiB (the broadcast state and the "
                            + "averaged results on their way): set LWS_HEAP=%dg (spark.driver.memory under "
                            + "spark-submit)",
                    heap / GIB,
                    plan.driverHeapBytes() / GIB,
                    (long) Math.ceil(plan.driverHeapBytes() / GIB)));
        }
        long machine = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        long needed = plan.driverHeapBytes() + plan.driverOffHeapBytes();
        if (needed > machine) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "this run needs %.1f GiB in the driver's JVM (heap %.1f GiB, off-heap %.1f GiB: its network"
                            + " and, in local mode, the workers'), and this machine has %.1f GiB: lower "
                            + "lws.train.batch-per-worker or the workers of local[N], or run on a cluster",
                    needed / GIB,
                    plan.driverHeapBytes() / GIB,
                    plan.driverOffHeapBytes() / GIB,
                    machine / GIB));
        }
    }

    /**
     * The averaging's Spark settings, from the plan: see {@link SparkSettings#sizedForAveraging}; and on a cluster
     * each executor's off-heap memory as its container's overhead, with the allocator setting that keeps it there
     * (conf/cpu-env.sh).
     */
    static SparkConf configure(SparkConf conf, ResourcePlan plan) {
        SparkSettings.sizedForAveraging(
                conf, plan.driverMaxResultSizeBytes(), ReduceScatterAveraging.taskResultBytes());
        long overheadMiB = (plan.workerOffHeapBytes() >> 20) + 384;
        return conf.setIfMissing("spark.executor.memoryOverhead", overheadMiB + "m")
                .setIfMissing("spark.executorEnv.MALLOC_MMAP_THRESHOLD_", "131072");
    }
}
