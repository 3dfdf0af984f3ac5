package org.lwsspark.prep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Real prep outputs for the tests of what reads them (the guard, TokenShards): made once per test JVM and copied
 * by each test that tampers with one.
 */
final class PrepOutputs {
    /** Rows hold seq_len + 1 = 65 ids. */
    static final int SEQ_LEN = 64;

    private static Prepared fixtures;

    /**
     * A prep output and how it was made.
     *
     * @param out   the output directory
     * @param conf  the HOCON file of the run (test settings: 20% validation, ~20,000 tokens per file)
     * @param first the run's exit code and console
     */
    record Prepared(Path out, Path conf, SparkTestSupport.Run first) {}

    private PrepOutputs() {}

    /**
     * {@code ./lws prep} on every wiki and WARC fixture with the default tokenizer (r50k_base) and seq_len 64, run
     * once per test JVM (a minute on 2 cores) for every test class that needs it; the test that fails on a bad run
     * is PrepEndToEndTest. Skipped, saying so, without the fixtures. Tests change only copies ({@link #copy}).
     */
    static synchronized Prepared fixtures() throws Exception {
        if (fixtures != null) return fixtures;
        Path wiki = Fixtures.get("wiki");
        Path warc = Fixtures.get("warc");
        Path dir = Files.createTempDirectory("lws-prep-fixtures");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        Path conf = SparkTestSupport.testConf(dir, "");
        Path out = dir.resolve("out");
        SparkTestSupport.session();
        SparkTestSupport.Run first = SparkTestSupport.prep(
                "--input",
                wiki.toString(),
                "--input",
                warc.toString(),
                "--output",
                out.toString(),
                "--conf",
                conf.toString(),
                "--seq-len",
                String.valueOf(SEQ_LEN));
        fixtures = new Prepared(out, conf, first);
        return fixtures;
    }

    /** A copy of a prep output directory (its hidden checksum files too), at {@code to}. */
    static Path copy(Path output, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(output)) {
            for (Path p : s.collect(Collectors.toList())) {
                Path t = to.resolve(output.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
        return to;
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
