package org.lwsspark.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwsspark.run.checkpoint.BlockManifest;
import org.lwsspark.run.checkpoint.CheckpointFiles;
import org.lwsspark.run.checkpoint.CheckpointLayout;
import org.lwsspark.run.metrics.MetricRow;
import org.lwsspark.run.metrics.MetricsReader;

/**
 * A run directory and its checkpoint as the trainer wrote them before the run contract moved here (commit 63cb4af,
 * {@code compat/63cb4af/}: its README says how it was made) read through run-format alone, with no Spark or DL4J.
 */
class WrittenBefore16Test {

    static final Path FIXTURE =
            Path.of(System.getProperty("lws.root", "..")).resolve("run-format/src/test/resources/compat/63cb4af/run");

    @Test
    void runJsonMetricsAndTrainerStateRead() {
        RunDirectory run = new RunDirectory(FIXTURE);
        RunInfo info = run.readInfo();
        assertEquals("crown-18", info.profile());
        assertEquals("nano", info.size());
        assertEquals(61_184L, info.parameters().total());
        assertEquals(info.parameters().total(), info.plan().totalParams(), "run.json's plan agrees with its counts");
        assertEquals(18, info.plan().layers().size());
        assertEquals(256, info.training().tokensPerStep());
        assertEquals(1, info.attempts().size());

        List<MetricRow> rows = MetricsReader.read(run.metrics());
        List<MetricRow> train =
                rows.stream().filter(r -> r.kind().equals(MetricRow.TRAIN)).toList();
        assertEquals(
                List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L),
                train.stream().map(MetricRow::step).toList());
        MetricRow lastEval = rows.stream()
                .filter(r -> r.kind().equals(MetricRow.EVAL))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertEquals(8, lastEval.step());
        assertEquals(5.374730838907296, lastEval.valLoss(), 0.0);

        RunDirectory.Saved saved = run.newestCheckpoint().orElseThrow();
        assertEquals(8, saved.step());
        TrainerState state = saved.state();
        assertEquals(new TrainerState(8, 2048, 0, 8, 1, state.wallSeconds()), state);
    }

    @Test
    void theCheckpointsBlocksReadWithoutDl4j() throws Exception {
        Path dir = FIXTURE.resolve("checkpoints/step-8");
        CheckpointFiles files = CheckpointFiles.open(dir);
        BlockManifest.Block parameters = files.parameters();
        assertEquals(61_184, parameters.length());
        assertEquals(
                2 * parameters.length(), files.block("optimizer").orElseThrow().length(), "Adam's m and v");
        assertEquals(
                new RunDirectory(FIXTURE).readInfo().plan(),
                CheckpointFiles.readJson(dir, CheckpointLayout.PLAN, PlanJson.class),
                "the checkpoint's plan.json is run.json's plan");

        FloatBuffer read = files.readFloats("parameters");
        FloatBuffer byHand = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(CheckpointLayout.PARAMETERS)))
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer();
        assertEquals(byHand, read);
        float max = 0;
        for (int i = 0; i < read.limit(); i++) {
            max = Math.max(max, Math.abs(read.get(i)));
        }
        // RMSNorm gains start at 1 and init-std is 0.02: eight steps at lr 3e-3 leave every weight well below 2.
        assertTrue(max > 0.9 && max < 2, "largest |parameter| " + max);
    }

    @Test
    void aChangedBlockIsRefusedByName(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("step-8");
        Files.createDirectories(dir);
        try (var names = Files.list(FIXTURE.resolve("checkpoints/step-8"))) {
            for (Path f : names.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        byte[] bytes = Files.readAllBytes(dir.resolve(CheckpointLayout.PARAMETERS));
        bytes[1000] ^= 1;
        Files.write(dir.resolve(CheckpointLayout.PARAMETERS), bytes);
        CheckpointFiles files = CheckpointFiles.open(dir);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> files.readFloats("parameters"));
        assertTrue(e.getMessage().contains(CheckpointLayout.PARAMETERS), e.getMessage());
    }
}
