package org.lwsspark.run.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwsspark.run.RunDirectory;
import org.lwsspark.run.RunInfo;
import org.lwsspark.run.RunStatus;
import org.lwsspark.run.TrainerState;
import org.lwsspark.run.checkpoint.CheckpointLayout;
import org.lwsspark.run.metrics.MetricRow;
import org.lwsspark.run.metrics.MetricsReader;
import org.lwsspark.run.metrics.MetricsWriter;

/**
 * A run on a store that renames file by file ({@link NonAtomicFileSystem}): trained through its local copy,
 * published after each change, a checkpoint killed between its files and its marker, resumed, and read back.
 * The run's files are those of a real run (the 63cb4af fixture).
 */
class RemoteRunTest {

    private static final MetricRow.RunLabels LABELS = new MetricRow.RunLabels("r-1", "crown-18", "nano");
    private static final Path FIXTURE =
            Path.of(System.getProperty("lws.root", "..")).resolve("run-format/src/test/resources/compat/63cb4af/run");
    private static final Path FIXTURE_CHECKPOINT = FIXTURE.resolve("checkpoints/step-8");

    @TempDir
    Path tmp;

    private final Configuration hadoop = new Configuration();
    private Path store;
    private RunLocation location;

    @BeforeEach
    void store() {
        hadoop.set("fs." + NonAtomicFileSystem.SCHEME + ".impl", NonAtomicFileSystem.class.getName());
        hadoop.setBoolean("fs." + NonAtomicFileSystem.SCHEME + ".impl.disable.cache", true);
        store = tmp.resolve("store/runs/crown");
        location = RunLocation.of(NonAtomicFileSystem.SCHEME + "://" + store);
    }

    @AfterEach
    void disarm() {
        NonAtomicFileSystem.killAtCreationOf(null);
    }

    /** The fixture's checkpoint, as the trainer would have written it at {@code step}, then kept and published. */
    private static void checkpoint(RunDirectory run, long step) throws Exception {
        Path dir = run.checkpointDir(step);
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(FIXTURE_CHECKPOINT)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        run.keepNewest(2);
    }

    private static void logSteps(RunDirectory run, long from, long to) {
        MetricsWriter metrics = run.metricsWriter();
        for (long step = from; step <= to; step++) {
            metrics.add(MetricRow.train(LABELS, step, step * 256, 5.0 - step * 0.01, 1e-3, 1.0, 100.0, step));
        }
        metrics.flush();
    }

    private static List<String> names(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aCheckpointKilledBeforeItsMarkerIsIgnoredOnResumeAndByReadersThenRemoved() throws Exception {
        RunDirectory run = location.openForTraining(hadoop);
        assertFalse(run.existsWithContent(), "a new run: nothing in the store yet");
        run.writeInfo(new RunDirectory(FIXTURE).readInfo());
        logSteps(run, 1, 4);
        checkpoint(run, 4);
        logSteps(run, 5, 8);
        NonAtomicFileSystem.killAtCreationOf(CheckpointLayout.COMMITTED);
        assertThrows(NonAtomicFileSystem.Killed.class, () -> checkpoint(run, 8));

        Path killed = store.resolve("checkpoints/step-8");
        assertEquals(names(FIXTURE_CHECKPOINT), names(killed), "every file of step 8 is in the store, but no marker");
        assertTrue(Files.exists(store.resolve("checkpoints/step-4/" + CheckpointLayout.COMMITTED)));

        IllegalArgumentException uncommitted = assertThrows(
                IllegalArgumentException.class,
                () -> RunLocation.of(location + "/checkpoints/step-8").checkpointForReading(hadoop));
        assertTrue(uncommitted.getMessage().contains("has no " + CheckpointLayout.COMMITTED), uncommitted.getMessage());
        Path read4 = RunLocation.of(location + "/checkpoints/step-4").checkpointForReading(hadoop);
        assertEquals(names(FIXTURE_CHECKPOINT), names(read4));

        RunDirectory resumed = location.openForTraining(hadoop);
        assertEquals(
                List.of(4L),
                resumed.checkpointsSaved().stream()
                        .map(RunDirectory.Saved::step)
                        .toList());
        TrainerState state = resumed.newestCheckpoint().orElseThrow().state();
        assertEquals(
                new RunDirectory(FIXTURE).newestCheckpoint().orElseThrow().state(),
                state,
                "the newest committed checkpoint comes back whole");
        assertEquals(names(FIXTURE_CHECKPOINT), names(resumed.checkpoints().resolve("step-4")));

        RunDirectory read = location.runsForReading(hadoop).get(0);
        assertEquals(location.toString(), read.location());
        assertEquals(
                List.of(4L),
                read.checkpointsSaved().stream().map(RunDirectory.Saved::step).toList());

        assertEquals(List.of("step-00000005-00000008.parquet"), resumed.discardMetricsAfter(4));
        assertEquals(List.of("step-00000001-00000004.parquet"), names(store.resolve("metrics")));
        assertFalse(Files.exists(killed), "the next publish removes the checkpoint that was never committed");

        logSteps(resumed, 5, 8);
        checkpoint(resumed, 8);
        assertEquals(
                List.of("step-4", "step-8"), names(store.resolve("checkpoints")), "both committed, as keep = 2 asks");
        List<Long> steps = MetricsReader.read(store.resolve("metrics")).stream()
                .map(MetricRow::step)
                .toList();
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), steps, "every step logged once");
    }

    @Test
    void theStoreKeepsWhatTheCopyKeepsAndTheRunsTableReadsIt() throws Exception {
        RunDirectory run = location.openForTraining(hadoop);
        RunInfo info = new RunDirectory(FIXTURE).readInfo();
        run.writeInfo(info);
        for (long step = 2; step <= 8; step += 2) {
            logSteps(run, step - 1, step);
            checkpoint(run, step);
        }
        assertEquals(List.of("step-6", "step-8"), names(store.resolve("checkpoints")));
        for (String kept : List.of("step-6", "step-8")) {
            assertTrue(Files.exists(store.resolve("checkpoints").resolve(kept).resolve(CheckpointLayout.COMMITTED)));
        }
        assertEquals(info, new RunDirectory(store).readInfo());
        assertTrue(names(store).stream().noneMatch(n -> n.startsWith(".")), "no staging file is left: " + names(store));

        // A second run beside it, and a directory that is not a run: the runs table finds the two runs.
        RunDirectory other = RunLocation.of(NonAtomicFileSystem.SCHEME + "://" + tmp.resolve("store/runs/iso"))
                .openForTraining(hadoop);
        other.writeInfo(info);
        Files.createDirectories(tmp.resolve("store/runs/logs"));
        RunLocation root = RunLocation.of(NonAtomicFileSystem.SCHEME + "://" + tmp.resolve("store/runs"));
        List<RunDirectory> found = root.runsForReading(hadoop);
        assertEquals(
                List.of(root + "/crown", root + "/iso"),
                found.stream().map(RunDirectory::location).toList());
        RunStatus crown = RunStatus.of(found.get(0), "crown", Instant.now(), Duration.ofMinutes(15));
        assertEquals(8, crown.step());
        assertEquals(RunStatus.State.FINISHED, crown.state(), "checkpointed at its last step (8 of 8)");
        assertEquals(
                MetricsReader.read(run.metrics()),
                MetricsReader.read(found.get(0).metrics()),
                "the same metrics");
    }

    @Test
    void runsAreCopiedIntoAFolderThatHoldsNothingElseOrAnEarlierCopy() throws Exception {
        RunDirectory run = location.openForTraining(hadoop);
        run.writeInfo(new RunDirectory(FIXTURE).readInfo());
        logSteps(run, 1, 4);
        RunLocation root = RunLocation.of(NonAtomicFileSystem.SCHEME + "://" + tmp.resolve("store/runs"));
        Path into = tmp.resolve("copy");
        assertEquals(1, root.copyRunsInto(into, hadoop).size());
        assertEquals(
                List.of("run.json", "metrics"),
                List.of("run.json", "metrics").stream()
                        .filter(n -> Files.exists(into.resolve("crown").resolve(n)))
                        .toList());
        logSteps(run, 5, 8);
        assertEquals(
                MetricsReader.read(run.metrics()),
                MetricsReader.read(root.copyRunsInto(into, hadoop).get(0).metrics()),
                "an earlier copy is replaced by the store's runs as they are now");

        Path other = Files.createDirectories(tmp.resolve("notes"));
        Files.writeString(other.resolve("mine.txt"), "not a copy");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> root.copyRunsInto(other, hadoop));
        assertTrue(e.getMessage().startsWith(other + " holds files that are no copy of runs"), e.getMessage());
        assertTrue(Files.exists(other.resolve("mine.txt")), "nothing of it deleted");
    }

    @Test
    void aStoreDirectoryThatHoldsSomethingElseIsRefusedByName() throws Exception {
        Files.createDirectories(store);
        Files.writeString(store.resolve("notes.txt"), "not a run");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> location.openForTraining(hadoop));
        assertTrue(e.getMessage().contains("holds files but no run.json"), e.getMessage());
    }

    @Test
    void pathsAndUrisAreReadAsUsersWriteThem() {
        assertTrue(RunLocation.of("runs/a").isLocal());
        assertEquals(
                Path.of("runs/a").toAbsolutePath(), RunLocation.of("runs/a").localPath());
        assertEquals(Path.of("/x/y"), RunLocation.of("file:///x/y").localPath());
        RunLocation s3 = RunLocation.of("s3a://bucket/runs/crown-18");
        assertFalse(s3.isLocal());
        assertEquals("s3a://bucket/runs/crown-18", s3.toString(), "not the local relative path s3a:/bucket/...");
        assertEquals("hdfs://nn:8020/r", RunLocation.of("hdfs://nn:8020/r").toString());
    }
}
