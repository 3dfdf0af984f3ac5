package org.lwsspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwsspark.common.Json;
import org.lwsspark.run.checkpoint.CheckpointLayout;
import org.lwsspark.run.metrics.MetricRow;
import org.lwsspark.run.metrics.MetricsReader;

/**
 * A run directory on a real HDFS (Hadoop's MiniDFSCluster, a NameNode and a DataNode in this JVM): {@code ./lws
 * train --size tiny --max-steps 20 --run-dir hdfs://...} in a JVM of its own, killed with SIGKILL after a committed
 * checkpoint, resumed with the same command and {@code --resume}; every step logged once; {@code ./lws runs},
 * {@code ./lws report} and the notebook's discovery read it on HDFS.
 */
class HdfsRunTest {

    private static final long STEPS = 20;

    @TempDir
    static Path tmp;

    private static SmallTraining training;
    private static MiniDFSCluster hdfs;
    private static FileSystem fs;

    @BeforeAll
    static void start() throws IOException {
        training = SmallTraining.prepare(tmp);
        Configuration conf = new Configuration();
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        conf.set("dfs.datanode.http.address", "127.0.0.1:0");
        hdfs = new MiniDFSCluster.Builder(conf, tmp.resolve("hdfs").toFile())
                .numDataNodes(1)
                .build();
        hdfs.waitActive();
        fs = hdfs.getFileSystem();
    }

    @AfterAll
    static void stop() {
        if (hdfs != null) {
            hdfs.shutdown();
        }
    }

    /** The project's tiny size, {@value #STEPS} steps: evaluated and checkpointed at 8, 16 and 20. */
    private static List<String> tinyRun(String runDir, String... more) {
        List<String> args = new ArrayList<>(training.train(runDir, STEPS, more));
        args.addAll(List.of("--size", "tiny"));
        return args;
    }

    private static org.apache.hadoop.fs.Path on(String uri) {
        return new org.apache.hadoop.fs.Path(uri);
    }

    /** Whether a metrics file with steps after {@code step} is on HDFS: the run has trained past it. */
    private static boolean loggedPast(String run, long step) throws IOException {
        org.apache.hadoop.fs.Path metrics = on(run + "/metrics");
        if (!fs.exists(metrics)) {
            return false;
        }
        for (FileStatus f : fs.listStatus(metrics)) {
            String name = f.getPath().getName();
            if (name.startsWith("step-") && Long.parseLong(name.substring(5, 13)) > step) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aRunOnHdfsKilledAndResumedLogsEveryStepOnceAndIsReadThere() throws Exception {
        String root = hdfs.getURI() + "/runs";
        String run = root + "/crown";
        Path log = tmp.resolve("killed.log");
        Process p = SmallTraining.lws(log, tinyRun(run, "--set", "metrics.flush-seconds=0.001"));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!loggedPast(run, 8) && System.nanoTime() < deadline && p.isAlive()) {
            Thread.sleep(50);
        }
        assertTrue(p.isAlive(), "the run ended before it could be killed:\n" + Files.readString(log));
        p.destroyForcibly(); // SIGKILL: nothing flushed, nothing published after this
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue());
        assertTrue(fs.exists(on(run + "/checkpoints/step-8/" + CheckpointLayout.COMMITTED)), Files.readString(log));

        CliTest.Run resumed = CliTest.run(tinyRun(run, "--resume").toArray(String[]::new));
        assertEquals(0, resumed.exit(), resumed.err());

        JsonNode info = Json.MAPPER.readTree(fs.open(on(run + "/run.json")));
        assertEquals(2, info.get("attempts").size());
        long from = info.at("/attempts/1/from_step").asLong();
        assertTrue(from == 8 || from == 16, "resumed from a committed checkpoint: " + from);
        for (String kept : List.of("step-16", "step-20")) {
            assertTrue(fs.exists(on(run + "/checkpoints/" + kept + "/" + CheckpointLayout.COMMITTED)), kept);
        }
        assertFalse(fs.exists(on(run + "/checkpoints/step-8")), "the oldest is removed: keep = 2");

        Path metrics = tmp.resolve("metrics-copy");
        fs.copyToLocalFile(false, on(run + "/metrics"), new org.apache.hadoop.fs.Path(metrics.toUri()), true);
        List<MetricRow> rows = MetricsReader.read(metrics);
        List<Long> trainSteps = rows.stream()
                .filter(r -> r.kind().equals(MetricRow.TRAIN))
                .map(MetricRow::step)
                .toList();
        assertEquals(
                LongStream.rangeClosed(1, STEPS / 2).map(i -> 2 * i).boxed().toList(),
                trainSteps,
                "every logging step exactly once");
        List<MetricRow> evals =
                rows.stream().filter(r -> r.kind().equals(MetricRow.EVAL)).toList();
        assertEquals(
                List.of(0L, 8L, 16L, 20L), evals.stream().map(MetricRow::step).toList());

        CliTest.Run runs = CliTest.run("runs", root, "--json");
        assertEquals(0, runs.exit(), runs.err());
        JsonNode table = Json.MAPPER.readTree(runs.out());
        assertEquals(1, table.size(), runs.out());
        assertEquals(run, table.get(0).get("dir").asText());
        assertEquals("finished", table.get(0).get("state").asText());
        assertEquals(STEPS, table.get(0).get("step").asLong());
        assertEquals(evals.get(3).valLoss(), table.get(0).get("val_loss").asDouble(), 0.0);

        notebookReadsTheRunsThroughACopy(root);

        Path report = tmp.resolve("report");
        CliTest.Run made = CliTest.run("report", "--runs", root, "--out", report.toString());
        assertEquals(0, made.exit(), made.err());
        String csv = Files.readString(report.resolve("report.csv"));
        assertTrue(csv.contains("crown-18"), csv);
        String md = Files.readString(report.resolve("report.md"));
        assertFalse(md.contains(tmp.toString()), "report.md names no local path:\n" + md);
        assertFalse(md.contains("lws-run-copies"), "report.md names no local copy:\n" + md);
    }

    /**
     * The notebook's discovery (deploy/notebooks/lws_runs.py) with {@code LWS_RUNS=hdfs://...}: it has {@code ./lws
     * runs ROOT --copy-to DIR} copy run.json and the metrics, then finds the run in the copy.
     */
    private static void notebookReadsTheRunsThroughACopy(String root) throws Exception {
        Path cli = tmp.resolve("lws-cli");
        String command = SmallTraining.lwsCommand().stream()
                .map(a -> "'" + a.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
        Files.writeString(cli, "#!/bin/sh\nexec " + command + " \"$@\"\n");
        Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path notebooks = Path.of(System.getProperty("lws.root", ".."))
                .resolve("deploy/notebooks")
                .toAbsolutePath()
                .normalize();
        Path copy = tmp.resolve("notebook-copy");
        ProcessBuilder python = new ProcessBuilder(
                "/usr/bin/python3",
                "-c",
                "import sys; sys.path.insert(0, sys.argv[1]); import lws_runs; "
                        + "print('\\n'.join(lws_runs.find_runs(lws_runs.runs_root('unused'))))",
                notebooks.toString());
        python.environment().put("LWS_RUNS", root);
        python.environment().put("LWS_CLI", cli.toString());
        python.environment().put("LWS_RUNS_COPY", copy.toString());
        Path log = tmp.resolve("notebook.log");
        Path errors = tmp.resolve("notebook.err");
        Process p = python.redirectOutput(log.toFile())
                .redirectError(errors.toFile())
                .start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), Files.readString(errors));
        assertEquals(0, p.exitValue(), Files.readString(errors));
        assertEquals(
                List.of(copy.resolve("crown").toString()),
                Files.readString(log).lines().toList());
        try (var parquet = Files.list(copy.resolve("crown/metrics"))) {
            assertEquals(
                    fs.listStatus(on(root + "/crown/metrics")).length,
                    parquet.filter(f -> f.toString().endsWith(".parquet")).count(),
                    "every metrics file copied");
        }
    }
}
