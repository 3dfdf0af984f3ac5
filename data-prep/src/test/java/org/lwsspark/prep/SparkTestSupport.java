package org.lwsspark.prep;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

/** One local Spark session per test class (local[2], no UI) and a way to run the prep command line in it. */
final class SparkTestSupport {
    private SparkTestSupport() {
    }

    static SparkSession session() {
        return SparkSession.builder().master("local[2]").appName("data-prep-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.default.parallelism", "2")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
    }

    /** The outcome of one {@code prep} invocation. */
    record Run(int exitCode, String out, PrepCommand command) {
        PrepPipeline.Result result() {
            return command.result();
        }
    }

    /** Runs {@code ./lws prep ARGS} in the test's Spark session, capturing the console. */
    static Run prep(String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
        PrepCommand cmd = new PrepCommand(ps);
        int rc = new CommandLine(cmd).execute(args);
        String out = buf.toString(StandardCharsets.UTF_8);
        System.out.print(out);
        return new Run(rc, out, cmd);
    }

    /** A HOCON file for small, fast test runs: short rows, a large validation share, small part files. */
    static Path testConf(Path dir, String extra) throws Exception {
        Path f = dir.resolve("test-prep.conf");
        Files.writeString(f, "lws.prep { val-fraction = 0.2, progress-seconds = 1, output.tokens-per-file = 20000\n"
                + extra + "\n}\n");
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
