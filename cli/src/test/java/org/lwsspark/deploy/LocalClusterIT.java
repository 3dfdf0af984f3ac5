package org.lwsspark.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.lwsspark.data.TokenShards;
import org.lwsspark.train.Prerequisite;

/**
 * The deploy scripts on a real Spark standalone cluster on this machine ({@code deploy/local-cluster.sh}: a master
 * and two workers on 127.0.0.1, each executor its own JVM, authentication and RPC encryption on, two placeholder
 * GPUs per worker): submissions without the secret or with a wrong one are refused, data-prep and a short training
 * of {@code crown-18/tiny} survive an executor killed with SIGKILL, the metrics hold every step once, every executor
 * says which GPU it was given, and stopping the cluster leaves no process, also when a test fails.
 *
 * <p>Run by {@code mvn verify -Pcluster-it} (run-tests does); the cluster uses ports of its own, so a cluster the
 * user started on the default ports is left alone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterIT {

    private static final int MASTER_PORT = 17077;
    private static final int UI_PORT = 18080;
    private static final int STEPS = 24;
    private static final int KILL_AT_STEP = 8;
    private static final Pattern STEP_LINE = Pattern.compile(": step (\\d+)/" + STEPS);
    private static final Pattern GPU_LINE = Pattern.compile("executor was assigned GPU (\\d+) by Spark");

    @TempDir
    static Path tmp;

    private static Path root;
    private static Path cluster;
    private static Path data;
    private static final List<Long> daemonGroups = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        root = Path.of(System.getProperty("lws.root", "..")).toAbsolutePath().normalize();
        cluster = tmp.resolve("cluster");
        Run start =
                script(Map.of("LWS_PLACEHOLDER_GPUS", "2"), Duration.ofMinutes(10), "deploy/local-cluster.sh", "start");
        for (Path pid : List.of(
                cluster.resolve("master.pid"), cluster.resolve("worker-0.pid"), cluster.resolve("worker-1.pid"))) {
            if (Files.exists(pid)) {
                daemonGroups.add(Long.parseLong(Files.readString(pid).trim()));
            }
        }
        assertEquals(0, start.exit(), start.output());
        assertEquals(3, daemonGroups.size(), "a master and two workers: " + start.output());
    }

    @AfterAll
    static void stopClusterLeavingNoProcess() throws Exception {
        Run stop = script(Map.of(), Duration.ofMinutes(2), "deploy/local-cluster.sh", "stop");
        assertEquals(0, stop.exit(), stop.output());
        for (long group : daemonGroups) {
            Process pgrep = new ProcessBuilder("pgrep", "-g", String.valueOf(group)).start();
            String left = new String(pgrep.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            pgrep.waitFor();
            assertEquals("", left, "processes left in the process group of daemon " + group);
        }
    }

    @Test
    @Order(1)
    void theSecretStaysPrivateAndStatusSeesTwoWorkersWithGpus() throws Exception {
        assertEquals(
                "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cluster.resolve("secret"))));
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(cluster.resolve("spark-defaults.conf"))));
        Run status = script(Map.of(), Duration.ofMinutes(1), "deploy/local-cluster.sh", "status");
        assertEquals(0, status.exit(), status.output());
        assertEquals(
                2,
                status.output()
                        .lines()
                        .filter(l -> l.contains("worker") && l.contains("ALIVE") && l.contains("gpu"))
                        .count(),
                status.output());
    }

    @Test
    @Order(2)
    void aSubmissionWithoutTheSecretOrWithAWrongOneIsRefusedWithinAMinute() throws Exception {
        Path wrong = tmp.resolve("wrong-secret.conf");
        Files.writeString(
                wrong,
                "spark.master spark://127.0.0.1:" + MASTER_PORT + "\nspark.authenticate true\n"
                        + "spark.authenticate.secret not-the-secret\nspark.network.crypto.enabled true\n");
        List<Map<String, String>> submissions = List.of(
                Map.of("LWS_MASTER", "spark://127.0.0.1:" + MASTER_PORT), Map.of("LWS_SPARK_CONF", wrong.toString()));
        for (Map<String, String> env : submissions) {
            Path runs = tmp.resolve("refused");
            long t0 = System.nanoTime();
            Run r = script(
                    env,
                    Duration.ofMinutes(3),
                    "deploy/submit-train.sh",
                    "crown-18",
                    "--data",
                    tmp.resolve("no-data-needed").toString(),
                    "--run-root",
                    runs.toString(),
                    "--max-steps",
                    "2");
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(2, r.exit(), env + ": " + r.output());
            assertTrue(
                    r.lastLine()
                            .matches("lws train: authentication with the Spark master spark://127\\.0\\.0\\.1:"
                                    + MASTER_PORT + " failed: .*"),
                    env + ": " + r.lastLine());
            assertTrue(seconds < 60, env + ": refused after " + seconds + " s");
            assertTrue(!Files.exists(runs.resolve("crown-18-tiny-seed1")), "a refused run writes nothing");
        }
    }

    @Test
    @Order(3)
    void prepOnTheClusterSurvivesAKilledExecutor() throws Exception {
        Path fixtures = root.resolveSibling("shared").resolve("fixtures");
        Prerequisite.require(Files.isDirectory(fixtures.resolve("wiki")), fixtures.toString());
        data = tmp.resolve("data");
        Run prep = scriptKillingAnExecutor(
                Map.of(),
                // The stage's first progress line: its tasks are running on the executors by then.
                line -> line.contains("read, clean, filter, tokenize") && line.contains("tasks"),
                "deploy/prep-submit.sh",
                "--input",
                fixtures.resolve("wiki").toString(),
                "--input",
                fixtures.resolve("warc").toString(),
                "--output",
                data.toString(),
                "--tokenizer",
                "bytes",
                "--seq-len",
                "128");
        assertEquals(0, prep.exit(), prep.output());
        assertTrue(prep.output().contains("Lost executor"), "an executor was lost: " + prep.output());
        TokenShards shards = TokenShards.open(data.toString(), new org.apache.hadoop.conf.Configuration());
        assertTrue(shards.rows("train") > 1000 && shards.rows("val") > 50, "rows: " + shards.rows("train"));
        try (Stream<Path> files = Files.list(data)) {
            // Hadoop's checksum files aside (.NAME.crc), the committed output only: no staging directory left.
            assertEquals(
                    Set.of("dedup-index", "documents", "manifest.json", "train", "val"),
                    new TreeSet<>(files.map(p -> p.getFileName().toString())
                            .filter(n -> !n.endsWith(".crc"))
                            .toList()));
        }
    }

    @Test
    @Order(4)
    void trainingSurvivesAKilledExecutorWithEveryStepLoggedOnceAndEachExecutorOnItsOwnGpu() throws Exception {
        assumeTrue(data != null, "skipped: no prepared data (the fixtures are absent)");
        Path runs = tmp.resolve("runs");
        Run train = scriptKillingAnExecutor(
                Map.of("LWS_GPUS_PER_EXECUTOR", "1"),
                line -> {
                    Matcher m = STEP_LINE.matcher(line);
                    return m.find() && Integer.parseInt(m.group(1)) >= KILL_AT_STEP;
                },
                "deploy/submit-train.sh",
                "crown-18",
                "--data",
                data.toString(),
                "--run-root",
                runs.toString(),
                "--max-steps",
                String.valueOf(STEPS),
                "--set",
                "log-every=1",
                "--set",
                "eval.every=12",
                "--set",
                "eval.rows=32",
                "--set",
                "checkpoint.every=12");
        assertEquals(0, train.exit(), train.output());
        assertTrue(train.output().contains("Lost executor"), "an executor was lost: " + train.output());

        Path run = runs.resolve("crown-18-tiny-seed1");
        Map<String, List<Long>> steps = new TreeMap<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = duck.createStatement();
                ResultSet rs = st.executeQuery("SELECT kind, step FROM read_parquet('" + run.resolve("metrics")
                        + "/*.parquet') ORDER BY kind, step")) {
            while (rs.next()) {
                steps.computeIfAbsent(rs.getString("kind"), k -> new ArrayList<>())
                        .add(rs.getLong("step"));
            }
        }
        List<Long> everyStep = new ArrayList<>();
        for (long s = 1; s <= STEPS; s++) {
            everyStep.add(s);
        }
        assertEquals(everyStep, steps.get("train"), "each step exactly once");
        assertEquals(List.of(0L, 12L, 24L), steps.get("eval"));

        // Three executor JVMs in all (two, then the one that replaced the killed one), each with the GPU it was
        // given; the two that ran at the same time had different ones.
        List<Integer> gpus = new ArrayList<>();
        try (Stream<Path> logs = Files.walk(cluster)) {
            for (Path log : logs.filter(p -> p.getFileName().toString().equals("stderr"))
                    .toList()) {
                Matcher m = GPU_LINE.matcher(Files.readString(log));
                if (m.find()) {
                    gpus.add(Integer.parseInt(m.group(1)));
                }
            }
        }
        assertEquals(3, gpus.size(), "GPU lines: " + gpus);
        assertEquals(2, new TreeSet<>(gpus).size(), "two workers, two GPU ranges: " + gpus);
    }

    /** Runs a script; when {@code trigger} first matches a line of its output, kills one executor JVM (SIGKILL). */
    private static Run scriptKillingAnExecutor(Map<String, String> env, Predicate<String> trigger, String... command)
            throws Exception {
        Process p = start(env, command);
        StringBuilder out = new StringBuilder();
        boolean killed = false;
        try (var lines = p.inputReader(StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                out.append(line).append('\n');
                if (!killed && trigger.test(line)) {
                    killed = killOneExecutor();
                    out.append("[test] killed an executor: ").append(killed).append('\n');
                }
            }
        }
        assertTrue(p.waitFor(15, TimeUnit.MINUTES), "timed out: " + out);
        assertTrue(killed, "no executor was killed: " + out);
        return new Run(p.exitValue(), out.toString());
    }

    private static boolean killOneExecutor() throws IOException, InterruptedException {
        for (long group : daemonGroups) {
            Process pgrep = new ProcessBuilder(
                            "pgrep", "-g", String.valueOf(group), "-f", "CoarseGrainedExecutorBackend")
                    .start();
            String pids = new String(pgrep.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            pgrep.waitFor();
            if (!pids.isEmpty()) {
                return new ProcessBuilder("kill", "-9", pids.lines().findFirst().orElseThrow())
                                .start()
                                .waitFor()
                        == 0;
            }
        }
        return false;
    }

    private static Run script(Map<String, String> env, Duration limit, String... command) throws Exception {
        Process p = start(env, command);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(limit.toSeconds(), TimeUnit.SECONDS), "timed out: " + out);
        return new Run(p.exitValue(), out);
    }

    private static Process start(Map<String, String> env, String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.set(0, root.resolve(command[0]).toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true);
        pb.environment().put("LWS_CLUSTER_DIR", cluster.toString());
        pb.environment().put("LWS_MASTER_PORT", String.valueOf(MASTER_PORT));
        pb.environment().put("LWS_MASTER_UI_PORT", String.valueOf(UI_PORT));
        pb.environment().remove("LWS_MASTER");
        pb.environment().remove("LWS_SPARK_CONF");
        pb.environment().putAll(env);
        return pb.start();
    }

    private record Run(int exit, String output) {
        String lastLine() {
            List<String> lines = output.strip().lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }
}
