package org.lwsspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwsspark.common.Json;

/**
 * {@code ./lws demo} in its quickest form (two profiles, the fewest steps): the Europarl sample out of its Maven
 * jar, prep on Spark keeping English, two Spark applications trained on the same shards and tokens, the report.
 */
class DemoCommandTest {

    @TempDir
    Path tmp;

    @Test
    void preparesTrainsTwoProfilesOnTheSameTokensAndReports() throws Exception {
        Path out = tmp.resolve("demo");
        CliTest.Run r =
                CliTest.run("demo", "--minutes", "0", "--profiles", "isotropic-18,crown-18", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());

        JsonNode manifest =
                Json.MAPPER.readTree(out.resolve("data/manifest.json").toFile());
        assertEquals("bytes", manifest.at("/tokenizer/name").asText());
        long trainDocuments = manifest.at("/splits/train/documents").asLong();
        assertTrue(
                trainDocuments > 1000 && trainDocuments < 2000,
                "the English tenth of 17,597 excerpts: " + trainDocuments);

        List<Path> runs;
        try (Stream<Path> dirs = Files.list(out)) {
            Path runRoot = dirs.filter(p -> p.getFileName().toString().startsWith("runs-"))
                    .findFirst()
                    .orElseThrow();
            try (Stream<Path> each = Files.list(runRoot)) {
                runs = each.sorted().toList();
            }
        }
        assertEquals(
                List.of("crown-18-tiny", "isotropic-18-tiny"),
                runs.stream().map(p -> p.getFileName().toString()).toList());
        JsonNode crown = Json.MAPPER.readTree(runs.get(0).resolve("run.json").toFile());
        JsonNode isotropic =
                Json.MAPPER.readTree(runs.get(1).resolve("run.json").toFile());
        assertEquals(isotropic.at("/training/total_steps"), crown.at("/training/total_steps"), "the same tokens");
        assertEquals(isotropic.at("/data/fingerprint"), crown.at("/data/fingerprint"), "the same shards");

        String closing = r.out().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(closing.matches("demo: done in [\\d.]+ minutes; the report is .*report\\.md"), closing);
        Path report = Path.of(closing.substring(closing.indexOf("the report is ") + "the report is ".length()));
        String md = Files.readString(report);
        assertTrue(md.contains("crown-18") && md.contains("isotropic-18"), md);
        for (String png : List.of("train-loss.png", "val-ppl.png", "layer-allocation.png")) {
            assertTrue(Files.size(report.resolveSibling(png)) > 10_000, png);
        }

        // ./lws runs over the demo's folder: every run finished, with the report's validation losses.
        CliTest.Run listed = CliTest.run("runs", out.toString(), "--json");
        assertEquals(0, listed.exit(), listed.err());
        JsonNode rows = Json.MAPPER.readTree(listed.out());
        assertEquals(runs.size(), rows.size(), listed.out());
        Map<String, Double> reported = new HashMap<>();
        List<String> csv = Files.readAllLines(report.resolveSibling("report.csv"));
        List<String> header = List.of(csv.get(0).split(","));
        for (String line : csv.subList(1, csv.size())) {
            String[] cells = line.split(",");
            reported.put(cells[header.indexOf("run_id")], Double.parseDouble(cells[header.indexOf("final_val_loss")]));
        }
        for (JsonNode row : rows) {
            assertEquals("finished", row.get("state").asText(), row.toString());
            assertEquals(
                    reported.get(row.get("run_id").asText()),
                    row.get("val_loss").asDouble(),
                    0.0,
                    row.toString());
        }
    }
}
