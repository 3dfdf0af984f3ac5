package org.lwsspark.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
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
            "Settings and their defaults: conf/prep.conf (pass your own with --conf).",
            "Exit codes: 0 done (or nothing new to do), 1 the run failed (nothing of it is visible),",
            "2 bad usage or input (a missing input, an unwritable output, a bad setting): nothing done.",
            "Example: ./lws prep --input ../shared/fixtures/wiki --input 's3a://bucket/crawl/*.wet.gz' --output data/prep"
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

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "The output directory.")
    private String output;

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
        PrepConfig cfg = PrepConfig.load(conf.file());
        if (seqLen != null) cfg = cfg.withSeqLen(seqLen);
        if (tokenizer != null) cfg = cfg.withTokenizer(tokenizer);
        if (strict) cfg = cfg.withStrict(true);
        run(cfg, inputs, output, master.get(), System.out);
        return ExitCodes.OK;
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
