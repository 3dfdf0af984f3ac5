package org.lwsspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkEnv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwsspark.common.Json;
import org.lwsspark.model.plan.ModelPlan;
import org.lwsspark.model.plan.Presets;
import org.lwsspark.train.averaging.AveragedState;
import org.lwsspark.train.resources.ResourcePlan;

/**
 * {@code ./lws train --dry-run}: the resource plan of a run on real prep shards (byte-level, seq_len 32), printed
 * without starting Spark and without writing the run directory.
 */
class TrainDryRunTest {

    /** crown-18 tiny with the bytes tokenizer's padded vocabulary of 320. */
    private static final ModelPlan TINY = Presets.builtIn().plan("crown-18", "tiny");

    @TempDir
    static Path tmp;

    private static Path data;

    @BeforeAll
    static void prepare() throws Exception {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            String text = "Note " + i + " about the harbour: the boats came in at dawn, the nets were mended by noon, "
                    + "and the market closed when the bell rang twice. Each season the notes grew longer, and the "
                    + "town kept them in a box that nobody opened for a hundred years.";
            jsonl.append(Json.ONE_LINE.writeValueAsString(Map.of("text", text))).append('\n');
        }
        Files.writeString(tmp.resolve("docs.jsonl"), jsonl);
        // Made-up notes, neither long nor unique enough for prep's filters: they are off.
        Files.writeString(
                tmp.resolve("prep.conf"),
                "lws.prep { val-fraction = 0.25, progress-seconds = 0, filter { min-chars = 1, language.keep = [], "
                        + "quality.enabled = false, dedup { exact = false, near = false } } }");
        data = tmp.resolve("data");
        CliTest.Run prep = CliTest.run(
                "prep",
                "--master",
                "local[1]",
                "--input",
                tmp.resolve("docs.jsonl").toString(),
                "--output",
                data.toString(),
                "--seq-len",
                "32",
                "--tokenizer",
                "bytes",
                "--conf",
                tmp.resolve("prep.conf").toString());
        assertEquals(0, prep.exit(), prep.err());
    }

    private static CliTest.Run dryRun(Path runDir, String master, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "train",
                "--master",
                master,
                "--data",
                data.toString(),
                "--run-dir",
                runDir.toString(),
                "--max-steps",
                "100",
                "--set",
                "batch-per-worker=4",
                "--dry-run"));
        args.addAll(List.of(more));
        return CliTest.run(args.toArray(String[]::new));
    }

    @Test
    void localModePrintsThePlanWithoutStartingSparkOrWriting() {
        Path run = tmp.resolve("run-local");
        CliTest.Run r = dryRun(run, "local[2]", "--step-seconds", "2");
        assertEquals(0, r.exit(), r.err());
        assertEquals(null, SparkEnv.get(), "no SparkContext running (SparkEnv is set while one is)");
        assertFalse(Files.exists(run), "nothing written");

        // The resolved settings first, as HOCON that --conf takes back, then the resource plan.
        assertTrue(r.out().startsWith("lws.train {"), r.out());
        assertTrue(r.out().contains("batch-per-worker=4"), r.out());
        List<String> all = r.out().lines().toList();
        List<String> lines = all.subList(
                all.indexOf(all.stream()
                        .filter(l -> l.startsWith("resources: "))
                        .findFirst()
                        .orElseThrow()),
                all.size());
        // S = 12 bytes x 6,671,168 parameters = 80,054,016 bytes = 76.35 MiB
        assertEquals(
                "resources: crown-18/tiny, 6,671,168 parameters, fp32; 2 workers x 4 rows x 32 tokens; 2 of them in "
                        + "the driver's JVM (local mode); each round averages parameters and Adam m, v (S = 76.3 MiB)",
                lines.get(0));
        assertEquals(
                ResourcePlan.of(TINY, 32, 4, 2, 2, AveragedState.ALL).lines().get(1),
                lines.get(1),
                "the worker's memory as the API computes it for the data's vocabulary and seq_len");
        assertTrue(lines.get(1).startsWith("worker off-heap: parameters 25.4 MiB, gradients 25.4 MiB, Adam m+v 50.9"));
        assertTrue(lines.contains("tokens per step: 256 (2 workers x 4 rows x 32 tokens)"), r.out());
        // local[2] shared by 2 workers: 1 thread each
        assertTrue(r.out().contains("\n  CPU, 1 thread per worker"), r.out());
        assertTrue(r.out().contains("\n  H200 fp32"), r.out());
        // a round in local mode: 1 s + (2 S through the driver + 2 x 2 S of shuffle) = 1 + 480,324,096 / 1e9 s;
        // steps of 2 s at 10%: 1.4803 / 0.2 = 7.4 -> 8
        assertTrue(lines.contains("  given: 2.00 s per step -> average every 8 steps"), r.out());
    }

    @Test
    void aClusterMasterWithItsWorkersGivenNeedsNoCluster() {
        // Nothing listens on port 1: a started SparkContext would fail to register; the dry run never tries.
        Path run = tmp.resolve("run-cluster");
        CliTest.Run r = dryRun(run, "spark://127.0.0.1:1", "--set", "workers=3");
        assertEquals(0, r.exit(), r.err());
        assertEquals(null, SparkEnv.get(), "no SparkContext running (SparkEnv is set while one is)");
        assertFalse(Files.exists(run));
        assertTrue(
                r.out()
                        .contains("\nresources: crown-18/tiny, 6,671,168 parameters, fp32; 3 workers x 4 rows x 32 "
                                + "tokens on a cluster;"),
                r.out());
        assertTrue(r.out().contains("the broadcast's pieces and value 152.7 MiB"), "2 S on each executor: " + r.out());
        assertTrue(r.out().contains("shuffle 229.0 MiB written and read"), "3 S: " + r.out());
    }

    @Test
    void aClusterMasterWithoutWorkersIsRefusedInOneLine() {
        Path run = tmp.resolve("run-refused");
        CliTest.Run r = dryRun(run, "spark://127.0.0.1:1");
        assertEquals(2, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--set workers=N"), r.err());
        assertFalse(Files.exists(run));
    }

    @Test
    void stepSecondsWithoutDryRunIsRefused() {
        Path run = tmp.resolve("run-step-seconds");
        CliTest.Run r = CliTest.run(
                "train",
                "--data",
                data.toString(),
                "--run-dir",
                run.toString(),
                "--max-steps",
                "10",
                "--step-seconds",
                "2");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("add --dry-run"), r.err());
        assertFalse(Files.exists(run));
    }
}
