package org.lwsspark.train;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lwsspark.common.Settings;
import org.lwsspark.model.optim.LearningRateSchedule;
import org.lwsspark.model.optim.OptimizerConfig;
import org.lwsspark.model.plan.Presets;
import org.lwsspark.train.averaging.AveragedState;

/**
 * The settings of one training run, from {@code conf/train.conf} (key by key documented there) and its overrides,
 * validated. What depends on the data and the cluster (vocabulary, sequence length, workers, total steps) is
 * resolved later, in {@link TrainPlan}.
 *
 * @param presets the model presets: the built-in ones and any {@code lws.models} a {@code --conf} file adds
 * @param source  the resolved {@code lws.train} section
 */
public record TrainConfig(
        String profile,
        String size,
        int vocabSize,
        long seed,
        long maxSteps,
        long tokens,
        int workers,
        int batchPerWorker,
        int averagingFrequency,
        AveragedState averagingState,
        int threadsPerWorker,
        int spanRows,
        Optimizer optimizer,
        int logEvery,
        Eval eval,
        Checkpoints checkpoint,
        double metricsFlushSeconds,
        Presets presets,
        Config source) {

    public static final String RESOURCE = "train.conf";
    static final String ROOT = "lws.train";

    /** {@code optimizer { ... }}, before the run's length is known. */
    public record Optimizer(
            LearningRateSchedule.Kind schedule,
            double lr,
            int warmupSteps,
            double minLrRatio,
            double beta1,
            double beta2,
            double epsilon,
            double weightDecay,
            double clipNorm) {

        /** The optimizer of a run of {@code totalSteps} steps (the length a cosine decays over). */
        public OptimizerConfig resolve(long totalSteps) {
            LearningRateSchedule s = switch (schedule) {
                case CONSTANT -> LearningRateSchedule.constant();
                case PAPER -> LearningRateSchedule.paper();
                case WARMUP_COSINE -> LearningRateSchedule.warmupCosine(warmupSteps, totalSteps, minLrRatio);
            };
            return new OptimizerConfig(lr, beta1, beta2, epsilon, weightDecay, clipNorm, s);
        }
    }

    /** {@code eval { ... }}. */
    public record Eval(int every, int rows, int batch) {}

    /** {@code checkpoint { ... }}. */
    public record Checkpoints(int every, int keep) {}

    public TrainConfig {
        require(vocabSize >= 0, "vocab-size", "must be 0 (from the data) or positive, got " + vocabSize);
        require(
                maxSteps >= 0 && tokens >= 0 && (maxSteps > 0) != (tokens > 0),
                "max-steps",
                "exactly one of max-steps (" + maxSteps + ") and tokens (" + tokens + ") must be positive");
        require(workers >= 0, "workers", "must be 0 (Spark's default parallelism) or positive, got " + workers);
        require(batchPerWorker >= 1, "batch-per-worker", "must be positive, got " + batchPerWorker);
        require(averagingFrequency >= 1, "averaging-frequency", "must be positive, got " + averagingFrequency);
        require(
                threadsPerWorker >= 0,
                "threads-per-worker",
                "must be 0 (automatic) or positive, got " + threadsPerWorker);
        require(spanRows >= 1, "data.span-rows", "must be positive, got " + spanRows);
        require(logEvery >= 1, "log-every", "must be positive, got " + logEvery);
        require(eval.every() >= 0, "eval.every", "must be 0 (start and end only) or positive, got " + eval.every());
        require(eval.rows() >= 0, "eval.rows", "must be 0 (all) or positive, got " + eval.rows());
        require(eval.batch() >= 1, "eval.batch", "must be positive, got " + eval.batch());
        require(
                checkpoint.every() >= 0,
                "checkpoint.every",
                "must be 0 (end only) or positive, got " + checkpoint.every());
        require(checkpoint.keep() >= 1, "checkpoint.keep", "must be at least 1, got " + checkpoint.keep());
        presets.plan(profile, size);
        require(metricsFlushSeconds > 0, "metrics.flush-seconds", "must be positive, got " + metricsFlushSeconds);
        require(
                optimizer.schedule() != LearningRateSchedule.Kind.PAPER
                        || optimizer.lr() == LearningRateSchedule.PAPER_LEARNING_RATE,
                "optimizer.lr",
                "is " + optimizer.lr() + ", but schedule 'paper' fixes it at 6e-4: use schedule = constant "
                        + "(or warmup-cosine) for another rate");
        try {
            optimizer.resolve(Math.max(1, Math.max(maxSteps, optimizer.warmupSteps())));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("setting " + ROOT + ".optimizer: " + e.getMessage(), e);
        }
    }

    /**
     * The defaults, overridden by {@code file} (may be null), then by {@code sets} ({@code key=value}, keys relative
     * to {@code lws.train} or absolute), then by {@code options} (already relative keys, e.g. from the command line).
     */
    public static TrainConfig load(File file, List<String> sets, Map<String, Object> options) {
        Config overrides = ConfigFactory.parseMap(options, "command-line options")
                .atPath(ROOT)
                .withFallback(Settings.sets(sets, ROOT));
        return from(Settings.load(RESOURCE, ROOT, file, overrides));
    }

    private static TrainConfig from(Config merged) {
        Config c = merged.getConfig(ROOT);
        Presets presets = Presets.from(merged);
        return Settings.read(() -> {
            Config o = c.getConfig("optimizer");
            return new TrainConfig(
                    c.getString("profile"),
                    c.getString("size"),
                    c.getInt("vocab-size"),
                    c.getLong("seed"),
                    c.getLong("max-steps"),
                    c.getLong("tokens"),
                    c.getInt("workers"),
                    c.getInt("batch-per-worker"),
                    c.getInt("averaging-frequency"),
                    AveragedState.parse(c.getString("averaging-state")),
                    c.getInt("threads-per-worker"),
                    c.getInt("data.span-rows"),
                    new Optimizer(
                            LearningRateSchedule.Kind.of(o.getString("schedule")),
                            o.getDouble("lr"),
                            o.getInt("warmup-steps"),
                            o.getDouble("min-lr-ratio"),
                            o.getDouble("beta1"),
                            o.getDouble("beta2"),
                            o.getDouble("epsilon"),
                            o.getDouble("weight-decay"),
                            o.getDouble("clip-norm")),
                    c.getInt("log-every"),
                    new Eval(c.getInt("eval.every"), c.getInt("eval.rows"), c.getInt("eval.batch")),
                    new Checkpoints(c.getInt("checkpoint.every"), c.getInt("checkpoint.keep")),
                    c.getDouble("metrics.flush-seconds"),
                    presets,
                    c);
        });
    }

    /** Every setting, flattened to {@code key -> value} (relative keys), as run.json records it. */
    public Map<String, Object> flattened() {
        Map<String, Object> flat = new TreeMap<>();
        source.entrySet().forEach(e -> flat.put(e.getKey(), e.getValue().unwrapped()));
        return flat;
    }

    /** The resolved {@code lws.train} section as JSON. */
    public String json() {
        return source.root().render(ConfigRenderOptions.concise());
    }

    /** The resolved settings as a HOCON block, {@code lws.train { ... }}, that a {@code --conf} file takes back. */
    public String hocon() {
        String body = source.root()
                .render(ConfigRenderOptions.defaults()
                        .setOriginComments(false)
                        .setComments(false)
                        .setJson(false));
        return "lws.train {\n" + body.indent(4) + "}\n";
    }

    private static void require(boolean ok, String key, String message) {
        if (!ok) {
            throw new IllegalArgumentException("setting " + ROOT + "." + key + " " + message);
        }
    }
}
