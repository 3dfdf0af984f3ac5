package org.lwsspark.train;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.lwsspark.data.TokenShards;
import org.lwsspark.run.RunDirectory;
import org.lwsspark.run.RunInfo;
import org.lwsspark.run.store.RunLocation;
import org.lwsspark.train.resources.MemoryPeaks;
import org.lwsspark.train.resources.ResourcePlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run as a Spark application: checks everything it can before Spark starts (settings, the run
 * directory, the dataset through its guard), then resolves the run against the cluster, starts or resumes it and
 * trains. Nothing is written to the run directory before every check has passed.
 */
public final class TrainApplication {

    private static final Logger LOG = LoggerFactory.getLogger(TrainApplication.class);

    /**
     * @param dataDir a prep output directory (file://, hdfs://, s3a:// or a local path)
     * @param runDir  the run directory, local or on any Hadoop file system
     * @param master  the Spark master unless spark-submit or spark-defaults.conf set one
     */
    public record Request(TrainConfig config, String dataDir, RunLocation runDir, boolean resume, String master) {}

    /** How the run ended: trained (with the loop's outcome) or already finished. */
    public record Result(String runId, Trainer.Outcome outcome, long finishedStep) {
        public boolean didWork() {
            return outcome != null;
        }
    }

    private TrainApplication() {}

    public static Result run(Request request, PrintStream console) {
        TrainConfig config = request.config();
        // spark.hadoop.* settings (credentials, endpoints) from spark-submit or spark-defaults.conf reach both stores.
        Configuration hadoop = SparkHadoopUtil.get().newConfiguration(new SparkConf());
        RunDirectory run = request.runDir().openForTraining(hadoop);
        RunInfo previous = null;
        if (request.resume() && Files.isRegularFile(run.runJson())) {
            previous = run.readInfo();
        } else if (request.resume() && !run.existsWithContent()) {
            console.printf("%s holds no run yet: --resume starts it%n", run.location());
        } else if (run.existsWithContent()) {
            throw new IllegalArgumentException("--run-dir " + run.location() + " exists and is not empty: continue "
                    + "that run with --resume, or choose a new directory");
        }
        String runId = previous != null ? previous.runId() : RunRecord.newRunId(run.root());
        SparkConf sparkConf = SparkSettings.forTraining(
                "lws train " + config.profile() + "/" + config.size() + " " + runId, request.master());
        StandaloneAdmission.require(sparkConf);
        TokenShards data = TokenShards.open(request.dataDir(), hadoop);
        ResourcePlan needs =
                RunResources.beforeSpark(config, TrainPlan.model(config, data, request.dataDir()), data, sparkConf);
        RunResources.requireDriverFits(needs);
        RunResources.configure(sparkConf, needs);
        MemoryPeaks peaks = MemoryPeaks.start();

        try (JavaSparkContext sc = new JavaSparkContext(sparkConf)) {
            int localCores = SparkSettings.localCores(sc.master());
            TrainPlan plan = TrainPlan.resolve(
                    config,
                    data,
                    request.dataDir(),
                    SparkSettings.taskSlots(sc),
                    localCores,
                    sc.getConf().getInt("spark.task.cpus", 1));
            ResourcePlan resources = ResourcePlan.of(
                    plan.plan(),
                    plan.seqLen(),
                    config.batchPerWorker(),
                    plan.workers(),
                    localCores > 0 ? plan.workers() : 0,
                    config.averagingState());
            RunInfo info = RunRecord.describe(plan, resources, request.dataDir(), runId, previous);
            Optional<StartPoint> start = previous == null
                    ? Optional.of(StartPoint.fresh(plan))
                    : StartPoint.resume(run, previous, info, plan, console);
            if (start.isEmpty()) {
                return new Result(runId, null, plan.totalSteps());
            }
            RunInfo attempt =
                    info.withAttempt(RunRecord.attempt(start.get().state().step(), plan, sc));
            run.writeInfo(attempt);
            Progress progress = new Progress(console, runId, plan.totalSteps());
            Trainer trainer = Trainer.onSpark(sc, plan, data, start.get().network(), run, runId, progress);
            console.printf(
                    "%s: %s/%s, %,d parameters, %d workers x %d rows x %d tokens per step, %,d steps; %s%n",
                    runId,
                    config.profile(),
                    config.size(),
                    info.parameters().total(),
                    plan.workers(),
                    config.batchPerWorker(),
                    plan.seqLen(),
                    plan.totalSteps(),
                    trainer.averaging());
            resources.lines().forEach(line -> console.printf("%s: %s%n", runId, line));
            try {
                Trainer.Outcome outcome = trainer.train(start.get().state());
                run.writeInfo(attempt.ended(RunInfo.FINISHED));
                peaks.stop();
                console.printf("%s: %s%n", runId, peaks.summary());
                return new Result(runId, outcome, outcome.state().step());
            } catch (RuntimeException e) {
                LOG.error("{}: training stopped at an error", runId, e);
                run.writeInfo(attempt.ended(RunInfo.FAILED + ": " + e));
                throw new TrainingFailedException(
                        runId + " failed; " + run.location() + " holds it up to its newest checkpoint ("
                                + run.newestCheckpoint()
                                        .map(s -> "step " + s.step())
                                        .orElse("none yet")
                                + "): continue it with --resume",
                        e);
            }
        }
    }
}
