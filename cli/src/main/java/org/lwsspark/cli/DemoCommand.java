package org.lwsspark.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lwsspark.prep.EuroparlSample;
import org.lwsspark.prep.config.PrepConfig;
import org.lwsspark.report.Report;
import org.lwsspark.report.ReportSettings;
import org.lwsspark.run.store.RunLocation;
import org.lwsspark.train.TrainApplication;
import org.lwsspark.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./lws demo}: the whole product in miniature on text a Maven dependency ships. Data-prep (Spark) turns the
 * Europarl sample of Lucene's test framework into byte-level shards, keeping the English speeches; each profile
 * trains as its own Spark application on the same shards and tokens; {@code ./lws report} compares them.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "The whole pipeline in miniature, on the Europarl sample that Lucene's",
            "test framework ships: ./lws prep (Spark: clean, keep English, deduplicate,",
            "tokenize, pack), then the 18-layer LWS profiles at size tiny, each trained",
            "as its own Spark application on the same shards and tokens, then",
            "./lws report. About 11 minutes on 2 idle cores with the defaults."
        },
        footer = {
            "",
            "Examples:",
            "  ./lws demo",
            "  ./lws demo --minutes 4 --profiles isotropic-18,crown-18",
            "  ./lws demo --minutes 40          # longer runs, clearer curves"
        })
final class DemoCommand implements Callable<Integer> {

    /** Measured with the defaults on the 2-core development machine: a Spark application's fixed cost
     * (context, two evaluations, a checkpoint) and one step of 2 workers x 16 rows x 128 tokens at size tiny. */
    private static final double RUN_OVERHEAD_S = 30;

    private static final double STEP_S = 2.4;
    private static final int MIN_STEPS = 8;

    @Option(
            names = "--minutes",
            defaultValue = "11",
            description =
                    "time for everything after the build; the steps per profile follow (default: ${DEFAULT-VALUE})")
    private double minutes;

    @Option(
            names = "--profiles",
            defaultValue = "isotropic-18,vanilla-18,framed-18,reverse-18,crown-18",
            split = ",",
            description = "profiles to compare (default: ${DEFAULT-VALUE})")
    private List<String> profiles;

    @Option(
            converter = LocalPath.class,
            names = "--out",
            defaultValue = "runs/demo",
            description = "where the data, the runs and the report go (default: ${DEFAULT-VALUE})")
    private Path out;

    /** Two local workers: the steps that fit in --minutes were measured so. */
    @Mixin
    private SparkMasterOption master = new SparkMasterOption("local[2]");

    @Override
    public Integer call() throws IOException {
        long start = System.nanoTime();
        Path data = out.resolve("data");
        prep(data);
        double left = minutes * 60 - (System.nanoTime() - start) / 1e9;
        long steps = Math.max(MIN_STEPS, (long) ((left / profiles.size() - RUN_OVERHEAD_S) / STEP_S));
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC)
                .format(Instant.now());
        Path runs = out.resolve("runs-" + stamp);
        System.err.printf(
                Locale.ROOT,
                "demo: %d profiles x %d steps of 2 x 16 x 128 tokens, one Spark application " + "each, into %s%n",
                profiles.size(),
                steps,
                runs);

        List<Path> runDirs = new ArrayList<>();
        for (String profile : profiles) {
            Path runDir = runs.resolve(profile + "-tiny");
            System.err.printf(
                    Locale.ROOT,
                    "demo: %s (%d of %d), %.1f minutes in%n",
                    profile,
                    runDirs.size() + 1,
                    profiles.size(),
                    (System.nanoTime() - start) / 60e9);
            TrainApplication.run(
                    new TrainApplication.Request(
                            trainConfig(profile, steps), data.toString(), RunLocation.of(runDir), false, master.get()),
                    System.err);
            runDirs.add(runDir);
        }

        Path reportDir = out.resolve("report-" + stamp);
        Report report = Report.build(new ReportSettings(runDirs, reportDir, 0.6));
        report.write();
        report.summary().forEach(System.out::println);
        System.out.printf(
                Locale.ROOT,
                "demo: done in %.1f minutes; the report is %s%n",
                (System.nanoTime() - start) / 60e9,
                reportDir.resolve(Report.MARKDOWN));
        return ExitCodes.OK;
    }

    /** The corpus copied out of its jar, then ./lws prep: incremental, so a second demo reuses the shards. */
    private void prep(Path data) throws IOException {
        Path corpus = EuroparlSample.copyInto(out.resolve("corpus"));
        // Each Europarl line is an excerpt of a speech cut at a fixed length, mid-sentence: the rule that wants
        // lines to end in punctuation would drop nearly every one. A tenth of the sample is English (~1,200
        // excerpts): 2% of it for validation.
        Path conf = corpus.resolveSibling("prep.conf");
        Files.writeString(
                conf, "lws.prep { val-fraction = 0.02, filter.quality.min-terminal-punct-line-fraction = 0 }\n");
        System.err.println("demo: data-prep of " + corpus + " (Europarl, 11 languages; English kept)");
        PrepConfig cfg = PrepConfig.load(conf.toFile()).withTokenizer("bytes").withSeqLen(128);
        PrepCommand.run(cfg, List.of(corpus.toString()), data.toString(), master.get(), System.err);
    }

    /** The train.conf defaults but for what a few-minute run needs: a higher constant LR, evaluations on 64 rows. */
    private static TrainConfig trainConfig(String profile, long steps) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("profile", profile);
        options.put("size", "tiny");
        options.put("max-steps", steps);
        options.put("tokens", 0L);
        List<String> sets = List.of(
                "workers=2",
                "batch-per-worker=16",
                "log-every=2",
                "optimizer.schedule=constant",
                "optimizer.lr=2e-3",
                "eval.every=" + Math.max(2, steps / 4),
                "eval.rows=64",
                "checkpoint.every=0");
        return TrainConfig.load(null, sets, options);
    }
}
