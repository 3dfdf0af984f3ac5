package org.lwsspark.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwsspark.common.Json;
import org.lwsspark.model.nn.RoundingBounds;
import org.lwsspark.run.checkpoint.CheckpointLayout;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The checkpoint format before the raw blocks ({@code model.zip}), read from a checkpoint that version wrote: see
 * {@code src/test/resources/checkpoints/README.md} for how it was made.
 */
class CheckpointLegacyZipTest {

    private static final String FIXTURE = "/checkpoints/legacy-zip-1de340b";

    @TempDir
    Path tmp;

    private static Path fixture() {
        try {
            return Path.of(CheckpointLegacyZipTest.class.getResource(FIXTURE).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode expected() throws IOException {
        return Json.MAPPER.readTree(fixture().resolve("fixture.json").toFile());
    }

    @Test
    void readsTheSpecParametersOptimizerStateAndIterationCountItWasWrittenWith() throws IOException {
        JsonNode expected = expected();
        Checkpoint.Loaded loaded = Checkpoint.read(fixture());
        ComputationGraph net = loaded.network();

        assertEquals(SmallModels.spec(7), loaded.spec());
        assertEquals(13_560, net.numParams());
        assertEquals(expected.get("parameters_sha256").asText(), SmallModels.sha256(net.params()));
        INDArray moments = net.getUpdater().getStateViewArray();
        assertEquals(27_120, moments.length());
        assertEquals(expected.get("updater_state_sha256").asText(), SmallModels.sha256(moments));
        assertEquals(3, net.getConfiguration().getIterationCount());
        assertEquals("0.1.0-SNAPSHOT", loaded.provenance().lwsVersion());
    }

    @Test
    void theNetworkReadComputesTheOutputRecordedWhenItWasWritten() throws IOException {
        JsonNode expected = expected();
        INDArray x = SmallModels.tokens();
        assertArrayEquals(new float[] {11, 16, 21, 26, 31, 36, 4, 9, 14, 19, 24, 29}, SmallModels.values(x));
        float[] recorded = Json.MAPPER.treeToValue(expected.get("output"), float[].class);
        assertEquals(2 * 6 * 37, recorded.length);

        INDArray output = Checkpoint.read(fixture()).network().outputSingle(x);
        assertArrayEquals(new long[] {2, 6, 37}, output.shape());
        // Bitwise on the machine and kernel that wrote it; another kernel sums in another order. Both sides are
        // float32, each within RoundingBounds.logit of the exact logits. Measured: docs/accuracy.md.
        float[] now = SmallModels.values(output);
        double largest = 0;
        double worst = 0;
        for (int i = 0; i < now.length; i++) {
            largest = Math.max(largest, Math.abs(recorded[i]));
            worst = Math.max(worst, Math.abs(now[i] - recorded[i]));
        }
        double bound = RoundingBounds.logit(SmallModels.spec(7).plan(), 6, largest, 2);
        System.out.printf(
                "accuracy: CheckpointLegacyZipTest logits |now - recorded| max %.3e, bound %.3e (largest logit %.3f,"
                        + " BLAS core %s)%n",
                worst, bound, largest, RoundingBounds.blasCore());
        assertTrue(worst <= bound, "logits moved by up to " + worst + ", bound " + bound);
    }

    @Test
    void aDamagedZipIsRefusedByName() throws IOException {
        Path copy = copyOfFixture();
        Path zip = copy.resolve(CheckpointLayout.LEGACY_MODEL);
        byte[] bytes = Files.readAllBytes(zip);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(zip, bytes);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Checkpoint.read(copy));
        assertTrue(e.getMessage().startsWith(zip + " was changed or damaged"), e.getMessage());
    }

    @Test
    void rewrittenInTheNewFormatItHoldsTheSameModelAndExportsTheSameFiles() throws IOException {
        Checkpoint.Loaded old = Checkpoint.read(fixture());
        Path rewritten = tmp.resolve("rewritten");
        Checkpoint.write(rewritten, old.network(), old.spec());
        Checkpoint.Loaded now = Checkpoint.read(rewritten);

        assertArrayEquals(
                SmallModels.values(old.network().params()),
                SmallModels.values(now.network().params()));
        assertArrayEquals(
                SmallModels.values(old.network().getUpdater().getStateViewArray()),
                SmallModels.values(now.network().getUpdater().getStateViewArray()));
        assertEquals(3, now.network().getConfiguration().getIterationCount());
        INDArray x = SmallModels.tokens();
        assertArrayEquals(
                SmallModels.values(old.network().outputSingle(x)),
                SmallModels.values(now.network().outputSingle(x)));

        // ./lws export goes through Checkpoint.read: both formats give the same safetensors, byte for byte.
        HuggingFaceExport.write(old.network(), old.plan(), tmp.resolve("export-old"));
        HuggingFaceExport.write(now.network(), now.plan(), tmp.resolve("export-new"));
        for (String file : new String[] {"model.safetensors", "config.json"}) {
            assertArrayEquals(
                    Files.readAllBytes(tmp.resolve("export-old").resolve(file)),
                    Files.readAllBytes(tmp.resolve("export-new").resolve(file)),
                    file);
        }
    }

    private Path copyOfFixture() throws IOException {
        Path copy = tmp.resolve("legacy");
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(fixture())) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }
}
