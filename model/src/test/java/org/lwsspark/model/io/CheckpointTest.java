package org.lwsspark.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwsspark.model.optim.OptimizerConfig;
import org.lwsspark.model.plan.Presets;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

class CheckpointTest {

    private static ModelSpec spec(long seed) {
        return ModelSpec.of(Presets.builtIn().plan("crown-18", "tiny"), OptimizerConfig.paper(), seed, DataType.FLOAT);
    }

    private static INDArray tokens(int vocab) {
        double[] ids = new double[2 * 12];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (i * 37 + 11) % vocab;
        }
        return Nd4j.create(ids, new long[] {2, 12}, DataType.FLOAT);
    }

    @Test
    void roundTripGivesIdenticalLogitsAndOptimizerState(@TempDir Path tmp) {
        ModelSpec spec = spec(5);
        ComputationGraph net = spec.build();
        INDArray x = tokens(spec.size().vocabSize());
        net.fit(new MultiDataSet(x, x)); // some optimizer state to save
        Path dir = tmp.resolve("ckpt");
        Checkpoint.write(dir, net, spec);

        Checkpoint.Loaded loaded = Checkpoint.read(dir);
        assertEquals(spec, loaded.spec());
        assertEquals(net.outputSingle(x), loaded.network().outputSingle(x), "identical logits");
        assertEquals(
                net.getUpdater().getStateViewArray(),
                loaded.network().getUpdater().getStateViewArray(),
                "identical Adam moments");
        assertEquals(net.getConfiguration(), loaded.network().getConfiguration());
        assertNotEquals("unknown", loaded.provenance().lwsVersion());
    }

    @Test
    void overwritingLeavesOneCompleteCheckpointAndNoStagingDirectories(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("ckpt");
        ModelSpec first = spec(1);
        Checkpoint.write(dir, first.build(), first);
        ModelSpec second = spec(2);
        Checkpoint.write(dir, second.build(), second);
        assertEquals(2, Checkpoint.read(dir).spec().seed());
        try (Stream<Path> entries = Files.list(tmp)) {
            assertEquals(1, entries.count(), "only the checkpoint itself is left");
        }
    }

    @Test
    void aFailedWriteLeavesNothingThatLooksLikeACheckpoint(@TempDir Path tmp) throws IOException {
        Path blocker = tmp.resolve("not-a-dir");
        Files.writeString(blocker, "x");
        ModelSpec spec = spec(1);
        assertThrows(RuntimeException.class, () -> Checkpoint.write(blocker.resolve("ckpt"), spec.build(), spec));
        try (Stream<Path> entries = Files.list(tmp)) {
            assertEquals(1, entries.count());
        }
    }

    @Test
    void anIncompleteDirectoryIsRejectedByName(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("ckpt");
        ModelSpec spec = spec(1);
        Checkpoint.write(dir, spec.build(), spec);
        Files.delete(dir.resolve(Checkpoint.MODEL));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(dir));
        assertTrue(e.getMessage().contains("has no model.zip"), e.getMessage());
    }
}
