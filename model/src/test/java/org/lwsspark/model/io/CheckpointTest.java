package org.lwsspark.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwsspark.common.Json;
import org.lwsspark.common.Sha256;
import org.lwsspark.run.checkpoint.CheckpointFiles;
import org.lwsspark.run.checkpoint.CheckpointLayout;
import org.lwsspark.run.checkpoint.FileDigests;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

class CheckpointTest {

    @TempDir
    Path tmp;

    /** A network trained two steps: parameters and Adam moments that differ from their initial values. */
    private static ComputationGraph trained(ModelSpec spec) {
        ComputationGraph net = spec.build();
        INDArray x = SmallModels.tokens();
        net.fit(new MultiDataSet(x, x));
        net.fit(new MultiDataSet(x, x));
        return net;
    }

    @Test
    void roundTripIsBitwiseExactAndTrainingContinuesIdentically() {
        ModelSpec spec = SmallModels.spec(5);
        ComputationGraph net = trained(spec);
        Path dir = tmp.resolve("ckpt");
        Checkpoint.write(dir, net, spec);

        Checkpoint.Loaded loaded = Checkpoint.read(dir);
        ComputationGraph back = loaded.network();
        assertEquals(spec, loaded.spec());
        assertArrayEquals(SmallModels.values(net.params()), SmallModels.values(back.params()), "parameters, bitwise");
        assertArrayEquals(
                SmallModels.values(net.getUpdater().getStateViewArray()),
                SmallModels.values(back.getUpdater().getStateViewArray()),
                "Adam moments, bitwise");
        assertEquals(net.getConfiguration(), back.getConfiguration());
        assertEquals(2, back.getConfiguration().getIterationCount());
        INDArray x = SmallModels.tokens();
        assertArrayEquals(SmallModels.values(net.outputSingle(x)), SmallModels.values(back.outputSingle(x)));
        assertNotEquals("unknown", loaded.provenance().lwsVersion());

        // The optimizer state is the network's, not a copy beside it: one more step moves both networks alike.
        net.fit(new MultiDataSet(x, x));
        back.fit(new MultiDataSet(x, x));
        assertArrayEquals(SmallModels.values(net.params()), SmallModels.values(back.params()), "after one more step");
    }

    @Test
    void theNetworkIsBuiltAroundTheArraysReadWithoutInitialisingThem() {
        ModelSpec spec = SmallModels.spec(3);
        ComputationGraph net = trained(spec);
        Path dir = tmp.resolve("ckpt");
        Checkpoint.write(dir, net, spec);

        Checkpoint.State state = Checkpoint.readState(dir);
        assertArrayEquals(SmallModels.values(net.params()), SmallModels.values(state.parameters()));
        ComputationGraph back = state.network();
        assertEquals(
                state.parameters().data().address(),
                back.params().data().address(),
                "the parameters read are the network's own, not copied");
        assertEquals(
                state.optimizer().data().address(),
                back.getUpdater().getStateViewArray().data().address(),
                "the optimizer state read is the updater's own");

        // Had the parameter initializer drawn, zeros would not survive: norms start at one, matrices random.
        INDArray zeros = Nd4j.zeros(DataType.FLOAT, 1, net.numParams());
        ComputationGraph fromZeros = new Checkpoint.State(state.configuration(), zeros, null).network();
        assertEquals(0.0, fromZeros.params().norm1Number().doubleValue());
    }

    @Test
    void aNetworkThatNeverTrainedHasNoOptimizerBlockAndReadsBackWithAZeroOptimizer() throws IOException {
        ModelSpec spec = SmallModels.spec(4);
        ComputationGraph net = spec.build();
        Path dir = tmp.resolve("ckpt");
        Checkpoint.write(dir, net, spec);

        assertFalse(Files.exists(dir.resolve(CheckpointLayout.OPTIMIZER)));
        assertNull(Checkpoint.readState(dir).optimizer());
        ComputationGraph back = Checkpoint.read(dir).network();
        assertArrayEquals(SmallModels.values(net.params()), SmallModels.values(back.params()));
        INDArray moments = back.getUpdater().getStateViewArray();
        assertEquals(2 * net.numParams(), moments.length(), "Adam: two moments per parameter");
        assertEquals(0.0, moments.norm1Number().doubleValue());
    }

    @Test
    void theManifestLetsAReaderWithoutDl4jLoadAndCheckTheBlocks() throws IOException {
        ModelSpec spec = SmallModels.spec(6);
        ComputationGraph net = trained(spec);
        Path dir = tmp.resolve("ckpt");
        Checkpoint.write(dir, net, spec);

        JsonNode manifest =
                Json.MAPPER.readTree(dir.resolve(CheckpointLayout.MANIFEST).toFile());
        assertEquals("lws-checkpoint", manifest.get("format").asText());
        assertEquals(1, manifest.get("version").asInt());
        assertEquals(
                CheckpointLayout.CONFIGURATION, manifest.get("configuration").asText());
        Map<String, String> digests = FileDigests.recorded(dir, CheckpointLayout.DIGESTS);
        List<INDArray> expected = List.of(net.params(), net.getUpdater().getStateViewArray());
        assertEquals(2, manifest.get("blocks").size());
        for (int i = 0; i < 2; i++) {
            JsonNode block = manifest.get("blocks").get(i);
            INDArray array = expected.get(i);
            assertEquals(
                    List.of("parameters", "optimizer").get(i), block.get("name").asText());
            assertEquals(
                    List.of(CheckpointLayout.PARAMETERS, CheckpointLayout.OPTIMIZER)
                            .get(i),
                    block.get("file").asText());
            assertEquals("float32", block.get("dtype").asText());
            assertEquals("little", block.get("byte_order").asText());
            assertEquals(array.length(), block.get("length").asLong());
            assertEquals(4 * array.length(), block.get("bytes").asLong());
            byte[] file = Files.readAllBytes(dir.resolve(block.get("file").asText()));
            assertEquals(4 * array.length(), file.length);
            assertEquals(Sha256.hex(file), block.get("sha256").asText());
            assertEquals(Sha256.hex(file), digests.get(block.get("file").asText()), "sha256.json agrees");
            float[] values = new float[file.length / 4];
            ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            assertArrayEquals(SmallModels.values(array), values);
        }
        assertEquals(
                net.getConfiguration().toJson(),
                Files.readString(dir.resolve(CheckpointLayout.CONFIGURATION)),
                "DL4J's configuration as DL4J writes it");
    }

    @Test
    void aDamagedBlockIsRefusedByName() throws IOException {
        ModelSpec spec = SmallModels.spec(1);
        Path dir = tmp.resolve("ckpt");
        Checkpoint.write(dir, trained(spec), spec);
        Path optimizer = dir.resolve(CheckpointLayout.OPTIMIZER);
        byte[] bytes = Files.readAllBytes(optimizer);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(optimizer, bytes);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Checkpoint.read(dir));
        assertTrue(
                e.getMessage()
                        .startsWith(optimizer + " was changed or damaged after the checkpoint was written: its "
                                + "SHA-256 is "),
                e.getMessage());
    }

    @Test
    void aTruncatedBlockIsRefusedByNameBeforeItIsRead() throws IOException {
        ModelSpec spec = SmallModels.spec(1);
        Path dir = tmp.resolve("ckpt");
        Checkpoint.write(dir, spec.build(), spec);
        Path parameters = dir.resolve(CheckpointLayout.PARAMETERS);
        byte[] bytes = Files.readAllBytes(parameters);
        Files.write(parameters, java.util.Arrays.copyOf(bytes, bytes.length - 4));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Checkpoint.readState(dir));
        assertEquals(
                parameters + " was changed or damaged after the checkpoint was written: it holds " + (bytes.length - 4)
                        + " bytes, the manifest records 13560 elements of float32 in 54240 bytes",
                e.getMessage());
    }

    @Test
    void aChangedSmallFileIsRefusedByName() throws IOException {
        ModelSpec spec = SmallModels.spec(1);
        Path dir = tmp.resolve("ckpt");
        Checkpoint.write(dir, spec.build(), spec);
        Path config = dir.resolve(CheckpointLayout.CONFIGURATION);
        Files.writeString(config, Files.readString(config) + " ");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Checkpoint.read(dir));
        assertTrue(e.getMessage().startsWith(config + " was changed or damaged"), e.getMessage());
    }

    @Test
    void overwritingLeavesOneCompleteCheckpointAndNoStagingDirectories() throws IOException {
        Path dir = tmp.resolve("ckpt");
        ModelSpec first = SmallModels.spec(1);
        Checkpoint.write(dir, first.build(), first);
        ModelSpec second = SmallModels.spec(2);
        Checkpoint.write(dir, second.build(), second);
        assertEquals(2, Checkpoint.read(dir).spec().seed());
        try (Stream<Path> entries = Files.list(tmp)) {
            assertEquals(1, entries.count(), "only the checkpoint itself is left");
        }
    }

    @Test
    void aWriteThatFailsHalfwayLeavesNothingThatLooksLikeACheckpoint() throws IOException {
        ModelSpec spec = SmallModels.spec(1);
        // Fails after the blocks and the model's own files are written, at the extra file.
        Map<String, Object> unwritable = Map.of("trainer.json", new Object() {
            public String getStep() {
                throw new IllegalStateException("the trainer's state cannot be serialised");
            }
        });
        Path dir = tmp.resolve("ckpt");
        RuntimeException e =
                assertThrows(RuntimeException.class, () -> Checkpoint.write(dir, trained(spec), spec, unwritable));
        assertTrue(e.getMessage().contains("the trainer's state cannot be serialised"), e.getMessage());
        try (Stream<Path> entries = Files.list(tmp)) {
            assertEquals(List.of(), entries.toList(), "no checkpoint, no staging directory");
        }
    }

    @Test
    void aFailedWriteLeavesNothingThatLooksLikeACheckpoint() throws IOException {
        Path blocker = tmp.resolve("not-a-dir");
        Files.writeString(blocker, "x");
        ModelSpec spec = SmallModels.spec(1);
        assertThrows(RuntimeException.class, () -> Checkpoint.write(blocker.resolve("ckpt"), spec.build(), spec));
        try (Stream<Path> entries = Files.list(tmp)) {
            assertEquals(1, entries.count());
        }
    }

    @Test
    void aDirectoryWithoutItsDigestsIsNotACheckpoint() throws IOException {
        // What a copy cut short leaves: sha256.json is written last, so its absence means "not finished".
        Path dir = tmp.resolve("ckpt");
        ModelSpec spec = SmallModels.spec(1);
        Checkpoint.write(dir, spec.build(), spec);
        Files.delete(dir.resolve(CheckpointLayout.DIGESTS));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(dir));
        assertTrue(e.getMessage().contains("has no sha256.json"), e.getMessage());
    }

    @Test
    void anIncompleteDirectoryIsRejectedByName() throws IOException {
        Path dir = tmp.resolve("ckpt");
        ModelSpec spec = SmallModels.spec(1);
        Checkpoint.write(dir, spec.build(), spec);
        Files.delete(dir.resolve(CheckpointLayout.PARAMETERS));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(dir));
        assertTrue(e.getMessage().contains("has no parameters.bin"), e.getMessage());
    }

    @Test
    void extraJsonFilesTravelWithTheCheckpointAndCannotReplaceItsOwn() {
        Path dir = tmp.resolve("ckpt");
        ModelSpec spec = SmallModels.spec(1);
        Checkpoint.write(dir, spec.build(), spec, Map.of("trainer.json", Map.of("step", 12)));
        assertEquals(Map.of("step", 12), CheckpointFiles.readJson(dir, "trainer.json", Map.class));
        for (String own : List.of(CheckpointLayout.PARAMETERS, CheckpointLayout.MANIFEST, CheckpointLayout.DIGESTS)) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> Checkpoint.write(dir, spec.build(), spec, Map.of(own, Map.of())));
        }
    }
}
