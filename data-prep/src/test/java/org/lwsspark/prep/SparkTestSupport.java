package org.lwsspark.prep;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.lwsspark.prep.config.PrepConfig;

/** One local Spark session per test class (local[2], no UI) and a way to run the prep command line in it. */
final class SparkTestSupport {
    private SparkTestSupport() {}

    static SparkSession session() {
        return SparkSession.builder()
                .master(System.getProperty("spark.master", "local[2]"))
                .appName("data-prep-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.default.parallelism", "2")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
    }

    /** The outcome of one prep run: its result, or what it failed with. */
    record Run(PrepPipeline.Result result, Exception failure, String out) {
        /** This run, after checking that it succeeded. */
        Run assertDone(String what) {
            if (failure != null) throw new AssertionError(what + ": prep failed: " + failure.getMessage(), failure);
            return this;
        }
    }

    /**
     * Runs prep in the test's Spark session, as {@code ./lws prep ARGS} would, capturing the console. The options are
     * those of the command line that the tests use: --input, --output, --conf, --seq-len, --tokenizer,
     * --strict.
     */
    static Run prep(String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Run run = run(new PrintStream(buf, true, StandardCharsets.UTF_8), args);
        String out = buf.toString(StandardCharsets.UTF_8);
        System.out.print(out);
        return new Run(run.result(), run.failure(), out);
    }

    private static Run run(PrintStream console, String... args) {
        List<String> inputs = new ArrayList<>();
        String output = null;
        File conf = null;
        Integer seqLen = null;
        String tokenizer = null;
        boolean strict = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--input" -> inputs.add(args[++i]);
                case "--output" -> output = args[++i];
                case "--conf" -> conf = new File(args[++i]);
                case "--seq-len" -> seqLen = Integer.parseInt(args[++i]);
                case "--tokenizer" -> tokenizer = args[++i];
                case "--strict" -> strict = true;
                default -> throw new IllegalArgumentException("not an option of the tests' prep: " + args[i]);
            }
        }
        PrepConfig cfg = PrepConfig.load(conf).withStrict(strict);
        if (seqLen != null) cfg = cfg.withSeqLen(seqLen);
        if (tokenizer != null) cfg = cfg.withTokenizer(tokenizer);
        try {
            return new Run(new PrepPipeline(session(), cfg, console).run(inputs, output), null, null);
        } catch (Exception e) {
            return new Run(null, e, null);
        }
    }

    /** Prep in a JVM of its own (a test kills it): {@code --master URL} then the options of {@link #prep}. */
    public static void main(String[] args) {
        System.setProperty("spark.master", args[1]);
        Run run = run(System.out, java.util.Arrays.copyOfRange(args, 2, args.length));
        SparkSession.active().stop();
        System.exit(run.failure() == null ? 0 : 1);
    }

    /** A HOCON file for small, fast test runs: short rows, a large validation share, small part files. */
    static Path testConf(Path dir, String extra) throws Exception {
        Path f = dir.resolve("test-prep.conf");
        Files.writeString(
                f,
                "lws.prep { val-fraction = 0.2, progress-seconds = 1, output.tokens-per-file = 20000\n" + extra
                        + "\n}\n");
        return f;
    }

    static List<String> inputArgs(Path... paths) {
        List<String> a = new ArrayList<>();
        for (Path p : paths) {
            a.add("--input");
            a.add(p.toString());
        }
        return a;
    }
}
