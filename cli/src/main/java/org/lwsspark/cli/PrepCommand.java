package org.lwsspark.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.lwsspark.common.Json;
import org.lwsspark.prep.PrepDryRun;
import org.lwsspark.prep.PrepPipeline;
import org.lwsspark.prep.config.PrepConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./lws prep}: inputs to cleaned, deduplicated, tokenized and packed Parquet shards with a manifest. */
@Command(
        name = "prep",
        mixinStandardHelpOptions = true,
        description = {
            "Turn Wikipedia XML dumps (.xml, .xml.bz2, multistream too), Common Crawl WARC/WET (.warc.gz, .wet.gz) "
                    + "and plain text/JSONL into cleaned, filtered, deduplicated, tokenized Parquet shards:",
            "  OUT/train/part-*.parquet, OUT/val/part-*.parquet (column input_ids: seq_len + 1 int32 ids per row),",
            "  OUT/documents/ (the cleaned documents) and OUT/manifest.json (tokenizer, counts, inputs).",
            "Runs are atomic and incremental: inputs already processed (same size and modification time) are "
                    + "skipped, so re-running with new inputs added processes only those."
        },
        footer = {
            "",
            "Settings and their defaults: conf/prep.conf (your own file with --conf, single keys with --set).",
            "Exit codes: 0 done (or nothing new to do), 1 the run failed (nothing of it is visible),",
            "2 bad usage or input (a missing input, an unwritable output, a bad setting): nothing done.",
            "Example: ./lws prep --input ../shared/fixtures/wiki --input 's3a://bucket/crawl/*.wet.gz' --out data/prep"
        })
final class PrepCommand implements Callable<Integer> {

    @Option(
            names = "--input",
            required = true,
            arity = "1..*",
            paramLabel = "PATH",
            description = "Input files, directories (read recursively) or globs; file://, hdfs://, s3a://. "
                    + "The format is detected from the name, else from the content.")
    private List<String> inputs;

    @Option(
            names = {"--out", "--output"},
            required = true,
            paramLabel = "DIR",
            description = "The output directory (--output: the same).")
    private String output;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Override one setting, e.g. --set filter.min-chars=200 (repeatable).")
    private List<String> sets = new ArrayList<>();

    @Option(
            names = "--dry-run",
            description = "List the inputs a run would process (new or changed against the output's manifest) and "
                    + "exit: Spark is not started, nothing is written.")
    private boolean dryRun;

    @Option(names = "--json", description = "With --dry-run: one JSON object instead of lines.")
    private boolean json;

    @Mixin
    private ConfOption conf;

    @Mixin
    private SparkMasterOption master;

    @Option(names = "--seq-len", paramLabel = "N", description = "Tokens per training row (rows hold N + 1 ids).")
    private Integer seqLen;

    @Option(
            names = "--tokenizer",
            paramLabel = "SPEC",
            description = "r50k_base (GPT-2, default), bytes, or hf:/path/to/tokenizer.json.")
    private String tokenizer;

    @Option(names = "--strict", description = "Fail on the first damaged input instead of counting and skipping it.")
    private boolean strict;

    @Override
    public Integer call() throws Exception {
        if (dryRun) {
            dryRun(PrepDryRun.of(inputs, output, new Configuration()));
            return ExitCodes.OK;
        }
        if (json) {
            throw new IllegalArgumentException("--json is the form of a --dry-run's answer; add --dry-run");
        }
        PrepConfig cfg = PrepConfig.load(conf.file(), sets);
        if (seqLen != null) cfg = cfg.withSeqLen(seqLen);
        if (tokenizer != null) cfg = cfg.withTokenizer(tokenizer);
        if (strict) cfg = cfg.withStrict(true);
        run(cfg, inputs, output, master.get(), System.out);
        return ExitCodes.OK;
    }

    private void dryRun(PrepDryRun plan) throws IOException {
        if (json) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("output", plan.output());
            answer.put("inputs", plan.inputs().size());
            answer.put("already_processed", plan.alreadyProcessed());
            answer.put(
                    "new_inputs",
                    plan.newInputs().stream()
                            .map(f -> Map.of("path", f.path(), "kind", f.kind().source(), "size", f.size()))
                            .toList());
            System.out.println(Json.MAPPER.writeValueAsString(answer));
            return;
        }
        System.out.printf(
                "%d input(s), %d new or changed against %s, %d already processed%n",
                plan.inputs().size(), plan.newInputs().size(), plan.output(), plan.alreadyProcessed());
        plan.newInputs()
                .forEach(f -> System.out.printf("  %-5s %,14d  %s%n", f.kind().source(), f.size(), f.path()));
    }

    /** Prep in this JVM's running Spark session (spark-submit's, a test's), else in one of its own on {@code master}. */
    static PrepPipeline.Result run(
            PrepConfig cfg, List<String> inputs, String output, String master, PrintStream console) throws IOException {
        SparkSession existing = running(SparkSession.getActiveSession())
                ? SparkSession.getActiveSession().get()
                : running(SparkSession.getDefaultSession())
                        ? SparkSession.getDefaultSession().get()
                        : null;
        SparkSession spark = existing != null
                ? existing
                : SparkSession.builder()
                        .appName("lws prep")
                        .master(master)
                        .config("spark.ui.showConsoleProgress", "false") // our own progress lines instead
                        .getOrCreate();
        try {
            return new PrepPipeline(spark, cfg, console).run(inputs, output);
        } finally {
            if (existing == null) spark.stop();
        }
    }

    /**
     * Whether a session is there and not stopped: Spark 3.5 still returns the session this command stopped at the end
     * of its last call in the same JVM (as a test or a launcher that calls prep twice does).
     */
    private static boolean running(scala.Option<SparkSession> session) {
        return session.isDefined() && !session.get().sparkContext().isStopped();
    }
}
