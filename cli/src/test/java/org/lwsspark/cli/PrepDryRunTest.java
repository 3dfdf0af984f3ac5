package org.lwsspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwsspark.common.Json;

/** {@code ./lws prep --dry-run}: the inputs a run would read, against the output's manifest, without Spark. */
class PrepDryRunTest {

    private static void write(Path file, String text) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            lines.append(Json.ONE_LINE.writeValueAsString(Map.of("text", text + " " + i)))
                    .append('\n');
        }
        Files.writeString(file, lines);
    }

    private static JsonNode dryRun(Path inputs, Path out) throws Exception {
        CliTest.Run r =
                CliTest.run("prep", "--input", inputs.toString(), "--out", out.toString(), "--dry-run", "--json");
        assertEquals(0, r.exit(), r.err());
        return Json.MAPPER.readTree(r.out());
    }

    @Test
    void listsWhatIsNewAgainstTheManifestAndWritesNothing(@TempDir Path tmp) throws Exception {
        Path inputs = Files.createDirectories(tmp.resolve("in"));
        write(inputs.resolve("a.jsonl"), "The first notes about the harbour and its boats, written at dawn.");
        Path out = tmp.resolve("out");

        JsonNode before = dryRun(inputs, out);
        assertEquals(1, before.get("inputs").asInt());
        assertEquals(1, before.get("new_inputs").size());
        assertFalse(Files.exists(out), "a dry run writes nothing");

        Files.writeString(
                tmp.resolve("prep.conf"),
                "val-fraction = 0.25\nprogress-seconds = 0\nfilter { min-chars = 1, language.keep = [], "
                        + "quality.enabled = false, dedup { exact = false, near = false } }\n");
        CliTest.Run prep = CliTest.run(
                "prep",
                "--master",
                "local[1]",
                "--input",
                inputs.toString(),
                "--out",
                out.toString(),
                "--tokenizer",
                "bytes",
                "--seq-len",
                "16",
                "--conf",
                tmp.resolve("prep.conf").toString());
        assertEquals(0, prep.exit(), prep.err());

        write(inputs.resolve("b.jsonl"), "Later notes about the market, which closed when the bell rang twice.");
        JsonNode after = dryRun(inputs, out);
        assertEquals(2, after.get("inputs").asInt());
        assertEquals(1, after.get("already_processed").asInt());
        assertEquals(1, after.get("new_inputs").size());
        assertTrue(after.get("new_inputs").get(0).get("path").asText().endsWith("b.jsonl"), after.toString());
    }
}
