package org.lwsspark.train;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.lwsspark.data.TokenShards;
import org.lwsspark.train.resources.ResourcePlan;
import org.lwsspark.train.resources.StepTime;

/**
 * {@code ./lws train --dry-run}: the run resolved as {@link TrainApplication} resolves it (settings, the data through
 * its guard, the model with the data's vocabulary, workers and threads), without starting Spark, and its
 * {@link ResourcePlan}. Without Spark the executors of a cluster are unknown, so there the worker count must be set.
 */
public final class DryRun {

    private DryRun() {}

    /**
     * @param master      the Spark master the run would use
     * @param stepSeconds a measured step time to size the averaging for, besides the CPU and H200 estimates
     * @throws IllegalArgumentException a cluster master without {@code lws.train.workers}, or what
     *                                  {@link TrainPlan#resolve} refuses
     */
    public static ResourcePlan plan(TrainConfig config, String dataDir, String master, OptionalDouble stepSeconds) {
        // A SparkConf reads spark.* system properties (spark-submit's) and starts nothing.
        SparkConf sparkConf = new SparkConf();
        int localCores = SparkSettings.localCores(sparkConf.get("spark.master", master));
        int workers = config.workers() > 0 ? config.workers() : localCores;
        if (workers == 0) {
            throw new IllegalArgumentException("--dry-run with the cluster master " + master + " cannot count the "
                    + "executors without starting Spark: give the workers with --set workers=N");
        }
        TokenShards data = TokenShards.open(dataDir, SparkHadoopUtil.get().newConfiguration(sparkConf));
        TrainPlan plan =
                TrainPlan.resolve(config, data, dataDir, workers, localCores, sparkConf.getInt("spark.task.cpus", 1));
        List<StepTime> times = new ArrayList<>(List.of(
                StepTime.cpu(plan.plan(), plan.seqLen(), config.batchPerWorker(), plan.threadsPerWorker()),
                StepTime.h200Fp32(plan.plan(), plan.seqLen(), config.batchPerWorker())));
        stepSeconds.ifPresent(s -> times.add(StepTime.given(s)));
        return ResourcePlan.of(
                        plan.plan(),
                        plan.seqLen(),
                        config.batchPerWorker(),
                        plan.workers(),
                        localCores > 0 ? plan.workers() : 0,
                        config.averagingState())
                .withStepTimes(times);
    }
}
