package org.lwsspark.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.lwsspark.run.store.RunLocation;
import org.lwsspark.train.DryRun;
import org.lwsspark.train.TrainApplication;
import org.lwsspark.train.TrainConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./lws train}: one LWS profile trained as a Spark application (Spark-DL4J parameter averaging). */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Train one LWS profile on prep shards as a Spark application: Spark-DL4J",
            "parameter averaging of parameters and Adam state, evaluation on the validation",
            "split, metrics as Parquet under RUN/metrics/, checkpoints under",
            "RUN/checkpoints/step-N/ (continue with --resume; on a directory with no run yet,",
            "--resume starts it, so one command is safe to retry). With --dry-run, print the",
            "resolved settings and the run's resource plan (memory of a worker and of the driver,",
            "bytes per averaging round, how often to average) and exit without starting Spark."
        },
        footer = {
            "",
            "Settings and their defaults: conf/train.conf (your own file with --conf,",
            "single keys with --set). Example:",
            "  ./lws train --profile crown-18 --size tiny --data data/prep \\",
            "      --run-dir runs/crown --max-steps 200 \\",
            "      --set optimizer.schedule=constant --set optimizer.lr=2e-3"
        })
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--profile", description = "LWS profile (default: lws.train.profile, crown-18)")
    private String profile;

    @Option(names = "--size", description = "size preset (default: lws.train.size, tiny)")
    private String size;

    @Option(
            names = "--data",
            required = true,
            paramLabel = "DIR",
            description = "a ./lws prep output (local path, file://, hdfs://, s3a://); its guard runs first")
    private String data;

    @Option(
            converter = RunLocationConverter.class,
            names = "--run-dir",
            required = true,
            paramLabel = "DIR",
            description = "where the run is written: a local path, file://, hdfs:// or s3a://")
    private RunLocation runDir;

    @Mixin
    private ConfOption conf;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "override one setting, e.g. --set optimizer.lr=1e-3 (repeatable)")
    private List<String> sets = new ArrayList<>();

    @ArgGroup(exclusive = true)
    private Length length;

    static final class Length {
        @Option(names = "--max-steps", paramLabel = "N", description = "optimizer steps to train")
        Long maxSteps;

        @Option(
                names = "--tokens",
                paramLabel = "N",
                description = "training tokens to train on (rounded up to whole steps)")
        Long tokens;
    }

    @Option(
            names = "--resume",
            description = "continue the run in --run-dir from its newest checkpoint (or start it where there is none)")
    private boolean resume;

    @Mixin
    private SparkMasterOption master;

    @Option(
            names = "--dry-run",
            description = "print the resolved settings and the resource plan and exit: Spark is not started, "
                    + "--run-dir is not written; on a cluster master give the workers (--set workers=N)")
    private boolean dryRun;

    @Option(
            names = "--step-seconds",
            paramLabel = "S",
            description = "with --dry-run: also size the averaging for a measured step time of S seconds")
    private Double stepSeconds;

    @Override
    public Integer call() {
        Map<String, Object> options = new LinkedHashMap<>();
        if (profile != null) {
            options.put("profile", profile);
        }
        if (size != null) {
            options.put("size", size);
        }
        if (length != null) {
            options.put("max-steps", length.maxSteps != null ? length.maxSteps : 0L);
            options.put("tokens", length.tokens != null ? length.tokens : 0L);
        }
        TrainConfig config = TrainConfig.load(conf.file(), sets, options);
        if (profile == null) {
            System.err.printf("no --profile: training %s (the setting lws.train.profile)%n", config.profile());
        }
        if (dryRun) {
            System.out.print(config.hocon());
            DryRun.plan(
                            config,
                            data,
                            master.get(),
                            stepSeconds == null ? OptionalDouble.empty() : OptionalDouble.of(stepSeconds))
                    .lines()
                    .forEach(System.out::println);
            return ExitCodes.OK;
        }
        if (stepSeconds != null) {
            throw new IllegalArgumentException("--step-seconds sizes the averaging of a --dry-run; add --dry-run");
        }
        TrainApplication.Result result = TrainApplication.run(
                new TrainApplication.Request(config, data, runDir, resume, master.get()), System.err);
        if (result.didWork()) {
            var o = result.outcome();
            System.out.printf(
                    Locale.ROOT,
                    "%s: step %d, %,d tokens, %,.0f tokens/s; val loss %.4f (ppl %.2f)%s; " + "checkpoint %s%n",
                    result.runId(),
                    o.state().step(),
                    o.state().tokensSeen(),
                    o.tokensPerS(),
                    o.lastValLoss(),
                    Math.exp(o.lastValLoss()),
                    Double.isNaN(o.firstValLoss())
                            ? ""
                            : String.format(Locale.ROOT, ", from %.4f at step 0", o.firstValLoss()),
                    o.lastCheckpoint());
        }
        return ExitCodes.OK;
    }
}
