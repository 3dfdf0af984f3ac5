package org.lwsspark.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/prep-submit.sh} refuses, before building or submitting anything, settings that ask for a GPU: the
 * training files of conf/cluster, whether named by LWS_PREP_SPARK_CONF or LWS_SPARK_CONF (exit 2, one line naming the
 * key and the file), and leaves no temporary copy of the settings (they may hold the secret).
 */
class PrepSubmitCpuOnlyTest {

    private static final Path ROOT =
            Path.of(System.getProperty("lws.root", "..")).toAbsolutePath().normalize();

    @Test
    void theTrainingConfsAreRefusedForPrep(@TempDir Path tmp) throws Exception {
        for (String conf : List.of("standalone.conf", "yarn.conf", "k8s.conf")) {
            for (String variable : List.of("LWS_PREP_SPARK_CONF", "LWS_SPARK_CONF")) {
                Path tmpdir = Files.createDirectories(tmp.resolve(conf + "-" + variable));
                String out = prepSubmit(tmpdir, Map.of(variable, "conf/cluster/" + conf), 2);
                assertTrue(
                        out.strip()
                                .endsWith("deploy: lws prep uses no GPU, but its settings ask for one "
                                        + "(spark.executor.resource.gpu.amount in conf/cluster/" + conf
                                        + "): use a CPU-only file (conf/cluster/prep-*.conf)"),
                        variable + "=" + conf + ": " + out);
                try (Stream<Path> left = Files.list(tmpdir)) {
                    assertEquals(List.of(), left.toList(), "temporary settings left behind");
                }
            }
        }
    }

    private static String prepSubmit(Path tmpdir, Map<String, String> env, int exit) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                        "deploy/prep-submit.sh",
                        "--input",
                        "in",
                        "--output",
                        tmpdir.resolve("out").toString())
                .directory(ROOT.toFile())
                .redirectErrorStream(true);
        pb.environment().remove("LWS_SPARK_CONF");
        pb.environment().remove("LWS_PREP_SPARK_CONF");
        pb.environment().remove("SPARK_CONF_DIR");
        // A Spark home of its own: lws_spark_home neither assembles one nor reads the user's.
        pb.environment()
                .put(
                        "SPARK_HOME",
                        Files.createDirectories(tmpdir.resolveSibling("spark-home"))
                                .toString());
        pb.environment().put("TMPDIR", tmpdir.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(exit, p.exitValue(), out);
        return out;
    }
}
