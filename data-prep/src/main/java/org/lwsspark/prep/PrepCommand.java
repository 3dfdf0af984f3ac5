package org.lwsspark.prep;

import java.io.File;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./lws prep}: inputs to cleaned, deduplicated, tokenized and packed Parquet shards with a manifest.
 * Exit codes: 0 done (or nothing new to do), 1 the run failed (nothing of it is visible), 2 bad usage.
 */
@Command(name = "prep", mixinStandardHelpOptions = true,
        description = {
            "Turn Wikipedia XML dumps (.xml, .xml.bz2, multistream too), Common Crawl WARC/WET (.warc.gz, .wet.gz) "
                    + "and plain text/JSONL into cleaned, filtered, deduplicated, tokenized Parquet shards:",
            "  OUT/train/part-*.parquet, OUT/val/part-*.parquet (column input_ids: seq_len + 1 int32 ids per row),",
            "  OUT/documents/ (the cleaned documents) and OUT/manifest.json (tokenizer, counts, inputs).",
            "Runs are atomic and incremental: inputs already processed (same size and modification time) are "
                    + "skipped, so re-running with new inputs added processes only those."},
        footer = {"", "Settings and their defaults: conf/prep.conf (pass your own with --conf).",
            "Example: ./lws prep --input ../shared/fixtures/wiki --input 's3a://bucket/crawl/*.wet.gz' --output data/prep"})
public final class PrepCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "PATH",
            description = "Input files, directories (read recursively) or globs; file://, hdfs://, s3a://. "
                    + "The format is detected from the name, else from the content.")
    List<String> inputs;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "The output directory.")
    String output;

    @Option(names = "--conf", paramLabel = "FILE", description = "HOCON file overriding conf/prep.conf.")
    File conf;

    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
            description = "Spark master (default: ${DEFAULT-VALUE}); ignored under spark-submit, which sets it.")
    String master;

    @Option(names = "--seq-len", paramLabel = "N", description = "Tokens per training row (rows hold N + 1 ids).")
    Integer seqLen;

    @Option(names = "--tokenizer", paramLabel = "SPEC",
            description = "r50k_base (GPT-2, default), bytes, or hf:/path/to/tokenizer.json.")
    String tokenizer;

    @Option(names = "--strict", description = "Fail on the first damaged input instead of counting and skipping it.")
    boolean strict;

    private final PrintStream console;
    private PrepPipeline.Result result;

    public PrepCommand() {
        this(System.out);
    }

    public PrepCommand(PrintStream console) {
        this.console = console;
    }

    /** What the last {@link #call()} did (null before, or when it failed). */
    public PrepPipeline.Result result() {
        return result;
    }

    @Override
    public Integer call() {
        PrepConfig cfg;
        try {
            cfg = PrepConfig.load(conf);
            if (seqLen != null) cfg = cfg.withSeqLen(seqLen);
            if (tokenizer != null) cfg = cfg.withTokenizer(tokenizer);
            if (strict) cfg = cfg.withStrict(true);
        } catch (RuntimeException e) {
            System.err.println("prep: " + e.getMessage());
            return 2;
        }
        SparkSession existing = running(SparkSession.getActiveSession()) ? SparkSession.getActiveSession().get()
                : running(SparkSession.getDefaultSession()) ? SparkSession.getDefaultSession().get() : null;
        SparkSession spark = existing != null ? existing : SparkSession.builder()
                .appName("lws prep")
                .master(System.getProperty("spark.master", master))
                .config("spark.ui.showConsoleProgress", "false") // our own progress lines instead
                .config("spark.sql.parquet.compression.codec", "zstd")
                .getOrCreate();
        try {
            result = new PrepPipeline(spark, cfg, console).run(inputs, output);
            return 0;
        } catch (Exception e) {
            System.err.println("prep: failed, nothing of this run is visible in " + output + ": " + rootMessage(e));
            return 1;
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

    /** The deepest cause's message: Spark wraps task failures several times. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t == e ? String.valueOf(e.getMessage()) : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new PrepCommand()).execute(args));
    }
}
