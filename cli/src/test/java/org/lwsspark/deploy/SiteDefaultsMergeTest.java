package org.lwsspark.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lws_merged_conf} (deploy/lib.sh): spark-submit's {@code --properties-file} replaces the site's
 * spark-defaults.conf, so lws_submit passes the site's settings followed by ours. Read as Spark reads it
 * ({@link Properties#load(Reader)}), the merged file holds the site's settings, ours win where both set a key, a
 * site file whose last line is continued with a backslash does not swallow our first setting, and the file (it may
 * hold the secret) is readable by its owner only.
 */
class SiteDefaultsMergeTest {

    private static final Path ROOT =
            Path.of(System.getProperty("lws.root", "..")).toAbsolutePath().normalize();

    @Test
    void theSitesDefaultsStayAndOursWin(@TempDir Path tmp) throws Exception {
        Path site = Files.createDirectories(tmp.resolve("site-conf"));
        Files.writeString(site.resolve("spark-defaults.conf"), """
                spark.eventLog.enabled      true
                spark.eventLog.dir          hdfs:///spark-history
                spark.executor.memory       4g
                spark.driver.extraJavaOptions -Dsite=1 \\
                """);
        Path ours = tmp.resolve("ours.conf");
        Files.writeString(ours, "spark.executor.memory 48g\nspark.authenticate.secret s3cret\n");

        Path merged = merge(Map.of("SPARK_CONF_DIR", site.toString()), tmp.resolve("no-home"), ours);
        Properties p = load(merged);
        assertEquals("true", p.getProperty("spark.eventLog.enabled"));
        assertEquals("hdfs:///spark-history", p.getProperty("spark.eventLog.dir"));
        assertEquals("48g", p.getProperty("spark.executor.memory"), "ours win");
        assertEquals("s3cret", p.getProperty("spark.authenticate.secret"));
        assertEquals("-Dsite=1 ", p.getProperty("spark.driver.extraJavaOptions"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(merged)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(merged.getParent())));
    }

    @Test
    void withoutSparkConfDirTheSparkHomesConfIsTheSites(@TempDir Path tmp) throws Exception {
        Path home = tmp.resolve("spark-home");
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/spark-defaults.conf"), "spark.eventLog.enabled true\n");
        Path ours = tmp.resolve("ours.conf");
        Files.writeString(ours, "spark.master yarn\n");
        Properties p = load(merge(Map.of(), home, ours));
        assertEquals("true", p.getProperty("spark.eventLog.enabled"));
        assertEquals("yarn", p.getProperty("spark.master"));

        Properties alone = load(merge(Map.of(), tmp.resolve("no-such-home"), ours));
        assertEquals(Map.of("spark.master", "yarn"), Map.copyOf(alone));
    }

    private static Path merge(Map<String, String> env, Path home, Path ours) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(
                        "bash",
                        "-c",
                        ". deploy/lib.sh && lws_merged_conf \"$0\" \"$1\"",
                        home.toString(),
                        ours.toString()))
                .directory(ROOT.toFile());
        pb.environment().remove("SPARK_CONF_DIR");
        pb.environment().put("TMPDIR", ours.getParent().toString());
        pb.environment().putAll(env);
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return Path.of(out);
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }
}
