package org.lwsspark.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.lwsspark.common.Json;
import org.lwsspark.common.Provenance;
import org.lwsspark.data.SerializableConf;
import org.lwsspark.data.TokenShards;
import org.lwsspark.model.io.Checkpoint;
import org.lwsspark.model.io.PlanJson;
import org.lwsspark.model.optim.GlobalNormClipping;
import org.lwsspark.model.optim.LearningRateSchedule;
import org.lwsspark.model.plan.ModelPlan;
import org.lwsspark.train.averaging.Averaging;
import org.lwsspark.train.averaging.ReduceScatterAveraging;
import org.lwsspark.train.data.TrainingData;
import org.lwsspark.train.metrics.MetricsWriter;
import org.lwsspark.train.metrics.StepLog;
import org.lwsspark.train.resources.MemoryPeaks;
import org.lwsspark.train.resources.ResourcePlan;
import org.lwsspark.train.run.RunDirectory;
import org.lwsspark.train.run.RunInfo;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run as a Spark application: checks everything it can before Spark starts (settings, the run
 * directory, the dataset through its guard), then resolves the run against the cluster, starts or resumes it and
 * trains. Nothing is written to the run directory before every check has passed.
 */
public final class TrainApplication {

    private static final Logger LOG = LoggerFactory.getLogger(TrainApplication.class);

    /** Settings a resumed run may change: they do not alter what is trained. */
    private static final Set<String> CHANGEABLE_ON_RESUME =
            Set.of("threads-per-worker", "log-every", "checkpoint.keep", "metrics.flush-seconds");
    /** Settings newer than some runs, with the value that those runs trained with. */
    private static final Map<String, Object> SETTINGS_ADDED_SINCE = Map.of("averaging-state", "\"all\"");
    /** The run's length may change too, unless the schedule decays over it. */
    private static final Set<String> LENGTH = Set.of("max-steps", "tokens");

    /**
     * @param dataDir a prep output directory (file://, hdfs://, s3a:// or a local path)
     * @param master  the Spark master unless spark-submit or spark-defaults.conf set one
     */
    public record Request(TrainConfig config, String dataDir, Path runDir, boolean resume, String master) {}

    /** How the run ended: trained (with the loop's outcome) or already finished. */
    public record Result(String runId, Trainer.Outcome outcome, long finishedStep) {
        public boolean didWork() {
            return outcome != null;
        }
    }

    private TrainApplication() {}

    public static Result run(Request request, PrintStream console) {
        TrainConfig config = request.config();
        RunDirectory run = new RunDirectory(request.runDir());
        RunInfo previous = null;
        if (request.resume()) {
            previous = run.readInfo();
        } else if (run.existsWithContent()) {
            throw new IllegalArgumentException("--run-dir " + run.root() + " exists and is not empty: continue that "
                    + "run with --resume, or choose a new directory");
        }
        String runId = previous != null ? previous.runId() : newRunId(run.root());
        SparkConf sparkConf = SparkSettings.forTraining(
                "lws train " + config.profile() + "/" + config.size() + " " + runId, request.master());
        StandaloneAdmission.require(sparkConf);
        Configuration hadoop = SparkHadoopUtil.get().newConfiguration(sparkConf);
        TokenShards data = TokenShards.open(request.dataDir(), hadoop);
        ResourcePlan needs =
                RunResources.beforeSpark(config, TrainPlan.model(config, data, request.dataDir()), data, sparkConf);
        RunResources.requireDriverFits(needs);
        RunResources.configure(sparkConf, needs);
        MemoryPeaks peaks = MemoryPeaks.start();

        try (JavaSparkContext sc = new JavaSparkContext(sparkConf)) {
            TrainPlan plan = TrainPlan.resolve(
                    config,
                    data,
                    request.dataDir(),
                    SparkSettings.taskSlots(sc),
                    SparkSettings.localCores(sc.master()),
                    sc.getConf().getInt("spark.task.cpus", 1));
            ResourcePlan resources = ResourcePlan.of(
                    plan.plan(),
                    plan.seqLen(),
                    config.batchPerWorker(),
                    plan.workers(),
                    SparkSettings.localCores(sc.master()) > 0 ? plan.workers() : 0,
                    config.averagingState());
            RunInfo info = describe(plan, resources, request.dataDir(), runId, previous);
            TrainerState start = TrainerState.start(config.seed());
            ComputationGraph network;
            if (previous != null) {
                refuseIncompatible(previous, info, run);
                Optional<RunDirectory.Saved> saved = run.newestCheckpoint();
                long savedStep = saved.map(RunDirectory.Saved::step).orElse(-1L);
                if (savedStep == plan.totalSteps()) {
                    console.printf("%s: already finished at step %d; nothing to do%n", runId, savedStep);
                    return new Result(runId, null, savedStep);
                }
                if (savedStep > plan.totalSteps()) {
                    throw new IllegalArgumentException(run.root() + " has reached step " + savedStep + ", past the "
                            + plan.totalSteps() + " steps now asked for (max-steps / tokens)");
                }
                network = saved.isPresent()
                        ? resumedNetwork(saved.get(), plan)
                        : plan.spec().build();
                start = saved.isPresent() ? saved.get().state() : start;
                List<String> discarded = new MetricsWriter(run.metrics()).discardAfter(savedStep);
                console.printf(
                        "%s: resuming %s from step %d%s%n",
                        runId,
                        run.root(),
                        Math.max(0, savedStep),
                        discarded.isEmpty() ? "" : " (metrics files after it discarded: " + discarded + ")");
            } else {
                network = plan.spec().build();
            }
            run.writeInfo(info.withAttempt(attempt(start.step(), plan, sc)));

            StepLog stepLog = new StepLog(sc);
            List<TrainingListener> listeners =
                    List.of(new GlobalNormClipping(plan.spec().optimizer().clipNorm(), stepLog.observer()));
            Averaging averaging = new ReduceScatterAveraging(
                    sc,
                    network,
                    config.averagingState(),
                    plan.workers(),
                    config.batchPerWorker(),
                    config.averagingFrequency(),
                    listeners);
            TrainingData trainingData = new TrainingData(
                    sc,
                    data,
                    new SerializableConf(sc.hadoopConfiguration()),
                    config.seed(),
                    plan.workers(),
                    config.batchPerWorker(),
                    plan.threadsPerWorker(),
                    config.spanRows());
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
                    averaging.describe());
            resources.lines().forEach(line -> console.printf("%s: %s%n", runId, line));
            Progress progress = new Progress(console, runId, plan.totalSteps());
            Trainer trainer = new Trainer(plan, run, averaging, trainingData, stepLog, runId, progress);
            try {
                Trainer.Outcome outcome = trainer.train(start);
                peaks.stop();
                console.printf("%s: %s%n", runId, peaks.summary());
                return new Result(runId, outcome, outcome.state().step());
            } catch (RuntimeException e) {
                LOG.error("{}: training stopped at an error", runId, e);
                throw new TrainingFailedException(
                        runId + " failed; " + run.root() + " holds it up to its newest "
                                + "checkpoint ("
                                + run.newestCheckpoint()
                                        .map(s -> "step " + s.step())
                                        .orElse("none yet")
                                + "): continue it with --resume",
                        e);
            }
        }
    }

    private static ComputationGraph resumedNetwork(RunDirectory.Saved saved, TrainPlan plan) {
        Checkpoint.Loaded loaded = Checkpoint.read(saved.dir());
        if (!loaded.spec().equals(plan.spec())) {
            throw new IllegalStateException(saved.dir() + " holds a model (" + loaded.spec() + ") other than the one "
                    + "this run resolves to (" + plan.spec() + ")");
        }
        ComputationGraph network = loaded.network();
        network.getConfiguration().setIterationCount((int) saved.step());
        return network;
    }

    /** A resume must train what the run started training: same data, model, parallelism and settings. */
    private static void refuseIncompatible(RunInfo previous, RunInfo now, RunDirectory run) {
        String where = run.runJson().toString();
        if (!Objects.equals(previous.data().fingerprint(), now.data().fingerprint())) {
            throw new IllegalArgumentException("--data " + now.data().dir() + " is not the dataset the run started on ("
                    + previous.data().dir() + ", manifest SHA-256 "
                    + previous.data().fingerprint() + ", in " + where + ")");
        }
        if (previous.training().workers() != now.training().workers()) {
            throw new IllegalArgumentException(
                    "the run trained with " + previous.training().workers() + " workers ("
                            + where + "), this Spark application would use "
                            + now.training().workers()
                            + ": set lws.train.workers, or use the same master");
        }
        Map<String, Object> before = flatten(previous.config());
        SETTINGS_ADDED_SINCE.forEach(before::putIfAbsent);
        Map<String, Object> after = flatten(now.config());
        boolean lengthMayChange = !LearningRateSchedule.Kind.WARMUP_COSINE
                .configName()
                .equals(String.valueOf(after.get("optimizer.schedule")));
        Set<String> keys = new java.util.TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            boolean free = CHANGEABLE_ON_RESUME.contains(key) || (lengthMayChange && LENGTH.contains(key));
            if (!free && !Objects.equals(before.get(key), after.get(key))) {
                throw new IllegalArgumentException("setting lws.train." + key + " is " + after.get(key)
                        + ", but the run "
                        + "was started with " + before.get(key) + " (" + where + "); a resumed run keeps its settings"
                        + (LENGTH.contains(key) ? " (a warmup-cosine schedule decays over the run's length)" : ""));
            }
        }
    }

    private static Map<String, Object> flatten(JsonNode node) {
        Map<String, Object> out = new TreeMap<>();
        flatten("", node, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Object> out) {
        if (node.isObject()) {
            node.fields()
                    .forEachRemaining(
                            e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
        } else {
            out.put(prefix, node.isNumber() ? (Object) node.decimalValue().stripTrailingZeros() : node.toString());
        }
    }

    /** What the run is, with the attempts before this one. */
    private static RunInfo describe(
            TrainPlan plan, ResourcePlan resources, String dataDir, String runId, RunInfo previous) {
        TrainConfig config = plan.config();
        ModelPlan model = plan.plan();
        var tokenizer = plan.data().manifest().tokenizer();
        JsonNode configJson;
        try {
            configJson = Json.MAPPER.readTree(config.json());
        } catch (IOException e) {
            throw new IllegalStateException("cannot render the settings as JSON", e);
        }
        return new RunInfo(
                runId,
                previous != null ? previous.created() : Instant.now().toString(),
                config.profile(),
                config.size(),
                configJson,
                PlanJson.of(model),
                new RunInfo.Parameters(
                        model.totalParams(), model.nonEmbeddingParams(), model.embeddingParams(), model.headParams()),
                new RunInfo.Data(
                        dataDir,
                        plan.data().fingerprint(),
                        tokenizer.name(),
                        model.size().vocabSize(),
                        plan.seqLen(),
                        plan.data().rows("train"),
                        plan.data().rows("val")),
                new RunInfo.Training(
                        plan.workers(),
                        config.batchPerWorker(),
                        config.averagingFrequency(),
                        plan.tokensPerStep(),
                        plan.totalSteps(),
                        "parameter averaging (" + config.averagingState().configName() + ")"),
                resources.json(),
                previous != null ? previous.attempts() : List.of());
    }

    /** This start of the run: where, with which code and Spark settings (redacted), from which step. */
    private static RunInfo.Attempt attempt(long fromStep, TrainPlan plan, JavaSparkContext sc) {
        return new RunInfo.Attempt(
                Instant.now().toString(),
                fromStep,
                hostName(),
                Provenance.now(),
                sc.version(),
                sc.master(),
                sc.sc().applicationId(),
                plan.threadsPerWorker(),
                Nd4j.getBackend().getClass().getSimpleName(),
                blas(),
                SparkSettings.redacted(sc.getConf()));
    }

    private static String blas() {
        Object vendor = Nd4j.getExecutioner().getEnvironmentInformation().get("blas.vendor");
        String coreType = System.getenv("OPENBLAS_CORETYPE");
        return vendor + (coreType == null ? "" : ", OPENBLAS_CORETYPE=" + coreType);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The run directory's name and the UTC time it started: unique across runs that share a name. */
    private static String newRunId(Path runDir) {
        return runDir.getFileName() + "-"
                + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.now());
    }
}
