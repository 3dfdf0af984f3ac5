package org.lwsspark.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwsspark.common.Json;
import org.lwsspark.model.io.Checkpoint;

/**
 * {@code ./lws eval} and {@code ./lws export} read a checkpoint of the format before issue 15 ({@code model.zip},
 * the model module's test fixture) and the same model rewritten in the current format alike.
 */
class CheckpointFormatsCliTest {

    private static final Path LEGACY = Path.of(System.getProperty("lws.root", ".."))
            .resolve("model/src/test/resources/checkpoints/legacy-zip-1de340b");

    @Test
    void evalAndExportGiveTheSameResultsForBothFormats(@TempDir Path tmp) throws Exception {
        Checkpoint.Loaded old = Checkpoint.read(LEGACY);
        Path rewritten = tmp.resolve("rewritten");
        Checkpoint.write(rewritten, old.network(), old.spec());
        Path tokens = Files.writeString(tmp.resolve("tokens.txt"), "1 2 3 4 5\n7 8 9 36\n");

        JsonNode[] evals = new JsonNode[2];
        byte[][] safetensors = new byte[2][];
        Path[] dirs = {LEGACY, rewritten};
        for (int i = 0; i < 2; i++) {
            CliTest.Run eval = CliTest.run(
                    "eval", "--checkpoint", dirs[i].toString(), "--tokens-file", tokens.toString(), "--json");
            assertEquals(0, eval.exit(), eval.err());
            evals[i] = Json.MAPPER.readTree(eval.out());
            Path export = tmp.resolve("export-" + i);
            CliTest.Run exported =
                    CliTest.run("export", "--checkpoint", dirs[i].toString(), "--out", export.toString());
            assertEquals(0, exported.exit(), exported.err());
            safetensors[i] = Files.readAllBytes(export.resolve("model.safetensors"));
        }
        assertEquals(7, evals[0].get("tokens").asInt());
        assertEquals(evals[0].get("loss").asDouble(), evals[1].get("loss").asDouble(), 0.0);
        assertEquals(Math.log(37), evals[0].get("loss").asDouble(), 0.1, "3 steps leave the model near ln V");
        assertArrayEquals(safetensors[0], safetensors[1]);
    }
}
