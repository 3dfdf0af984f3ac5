package org.lwsspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lwsspark.common.Json;
import org.lwsspark.data.ShardReader;
import org.lwsspark.data.TokenShards;
import org.lwsspark.model.plan.Presets;

/** The ./lws subcommands, run in-process as the launcher runs them. */
class CliTest {

    /** Exit code, standard output and standard error of one command. */
    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            var cli = Lws.commandLine();
            cli.setErr(new PrintWriter(err, true));
            int exit = cli.execute(args);
            return new Run(exit, captured.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(stdout);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"isotropic-12", "vanilla-12", "isotropic-18", "vanilla-18", "framed-18", "reverse-18", "crown-18"
            })
    void planJsonIsThePresetsPlan(String profile) throws Exception {
        Run r = run("plan", "--profile", profile, "--size", "paper", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode json = Json.MAPPER.readTree(r.out());
        assertEquals(
                Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(
                        Presets.builtIn().plan(profile, "paper").json())),
                json);
        for (String key : new String[] {"profile", "layers", "total_params", "non_embedding_params"}) {
            assertTrue(json.has(key), key);
        }
        for (String key : new String[] {"index", "q_heads", "kv_heads", "ffn_hidden", "params"}) {
            assertTrue(json.get("layers").get(0).has(key), key);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"isotropic", "vanilla", "framed", "reverse", "crown"})
    void solverHits180M(String shape) throws Exception {
        Run r = run("plan", "--shape", shape, "--layers", "18", "--d-model", "768", "--budget", "180M", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode json = Json.MAPPER.readTree(r.out());
        assertTrue(Math.abs(json.get("total_params").asLong() - 180e6) <= 1.8e6, r.out());
        assertEquals(18, json.get("layers").size());
    }

    @Test
    void solverRefusesAnImpossibleTargetWithAReason() {
        Run r = run("plan", "--shape", "crown", "--layers", "18", "--d-model", "768", "--budget", "20M");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("cannot fit crown with 18 layers at d_model 768 in 20.00M parameters"), r.err());
    }

    @Test
    void unknownProfileNamesTheKnownOnes() {
        Run r = run("plan", "--profile", "crown-19");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown profile 'crown-19'") && r.err().contains("crown-18"), r.err());
    }

    @Test
    void initEvalAndExportWorkTogether(@TempDir Path tmp) throws Exception {
        Path ckpt = tmp.resolve("ckpt");
        assertEquals(
                0,
                run("init", "--profile", "vanilla-12", "--size", "tiny", "--seed", "3", "--out", ckpt.toString())
                        .exit());
        Path tokens = tmp.resolve("tokens.txt");
        Files.writeString(tokens, "1 2 3 4 5\n\n7 8 9\n");
        Run r = run(
                "eval", "--checkpoint", ckpt.toString(), "--tokens-file", tokens.toString(), "--per-token", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode json = Json.MAPPER.readTree(r.out());
        assertEquals(6, json.get("tokens").asInt());
        assertEquals(6, json.get("per_token_loss").size());
        double mean = 0;
        for (JsonNode l : json.get("per_token_loss")) {
            mean += l.asDouble() / 6;
        }
        assertEquals(mean, json.get("loss").asDouble(), 1e-9);
        assertEquals(Math.exp(mean), json.get("ppl").asDouble(), 1e-6);
        assertEquals(Math.log(320), mean, 0.1, "an untrained model is near ln V");

        Path export = tmp.resolve("export");
        assertEquals(
                0,
                run("export", "--checkpoint", ckpt.toString(), "--out", export.toString())
                        .exit());
        JsonNode config = Json.MAPPER.readTree(export.resolve("config.json").toFile());
        assertEquals(12, config.get("n_layers").asInt());
        assertEquals(24, config.get("layers").get(11).get("q_heads").asInt());
        assertTrue(Files.size(export.resolve("model.safetensors")) > 4 * 1_000_000L);
    }

    /** prep through the launcher's entry point: Spark on the full classpath of the jobs (DL4J's Scala included). */
    @Test
    void prepRunsOnTheJobsClasspath(@TempDir Path tmp) throws Exception {
        Path out = prepBytes(tmp);
        JsonNode manifest = Json.MAPPER.readTree(out.resolve("manifest.json").toFile());
        assertEquals("bytes", manifest.get("tokenizer").get("name").asText(), manifest.toString());
        assertTrue(manifest.get("splits").get("val").get("rows").asLong() > 0, manifest.toString());
        assertTrue(manifest.get("splits").get("train").get("rows").asLong() > 0, manifest.toString());
    }

    /** eval --data: the rows of a real prep output, through the guard, scored as the same rows given as a file. */
    @Test
    void evalReadsAPrepOutput(@TempDir Path tmp) throws Exception {
        Path out = prepBytes(tmp);
        Path ckpt = tmp.resolve("ckpt");
        assertEquals(
                0,
                run("init", "--profile", "vanilla-12", "--size", "tiny", "--seed", "5", "--out", ckpt.toString())
                        .exit());
        Run r = run("eval", "--checkpoint", ckpt.toString(), "--data", out.toString(), "--max-rows", "3", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode json = Json.MAPPER.readTree(r.out());
        assertEquals(3 * 32, json.get("tokens").asInt(), "3 rows of seq_len 32 targets");

        TokenShards data = TokenShards.open(out.toString(), new Configuration());
        StringBuilder lines = new StringBuilder();
        for (int[] row : ShardReader.read(data.shards("val").get(0), 0, 3, data.rowLength(), new Configuration())) {
            lines.append(Arrays.stream(row).mapToObj(String::valueOf).collect(Collectors.joining(" ")))
                    .append('\n');
        }
        Path tokens = tmp.resolve("val-rows.txt");
        Files.writeString(tokens, lines);
        Run same = run("eval", "--checkpoint", ckpt.toString(), "--tokens-file", tokens.toString(), "--json");
        assertEquals(
                json.get("loss").asDouble(),
                Json.MAPPER.readTree(same.out()).get("loss").asDouble(),
                1e-12);

        Run train = run(
                "eval",
                "--checkpoint",
                ckpt.toString(),
                "--data",
                "file://" + out,
                "--split",
                "train",
                "--max-rows",
                "2",
                "--json");
        assertEquals(0, train.exit(), train.err());
        assertEquals(2 * 32, Json.MAPPER.readTree(train.out()).get("tokens").asInt());
    }

    @Test
    void evalTakesExactlyOneSourceAndRefusesASmallerVocabulary(@TempDir Path tmp) throws Exception {
        Path out = prepBytes(tmp);
        Path tokens = tmp.resolve("tokens.txt");
        Files.writeString(tokens, "1 2 3\n");
        Path ckpt = tmp.resolve("ckpt-200");
        assertEquals(
                0,
                run(
                                "init",
                                "--profile",
                                "vanilla-12",
                                "--size",
                                "tiny",
                                "--vocab-size",
                                "200",
                                "--out",
                                ckpt.toString())
                        .exit());
        assertEquals(2, run("eval", "--checkpoint", ckpt.toString()).exit(), "neither --tokens-file nor --data");
        Run both = run(
                "eval", "--checkpoint", ckpt.toString(), "--tokens-file", tokens.toString(), "--data", out.toString());
        assertEquals(2, both.exit());
        assertTrue(both.err().contains("mutually exclusive"), both.err());

        Run r = run("eval", "--checkpoint", ckpt.toString(), "--data", out.toString());
        assertEquals(2, r.exit());
        assertEquals(
                "lws eval: " + out + ": the data's tokenizer bytes has 257 ids, more than the checkpoint's "
                        + "vocabulary of 200",
                r.err().strip());
    }

    /**
     * {@code ./lws prep --tokenizer bytes} of a few made-up documents (seq_len 32, half of them for validation),
     * through the launcher's entry point; returns the output directory.
     */
    private static Path prepBytes(Path tmp) throws Exception {
        String[] topics = {
            "lighthouses along the northern coast",
            "the village bakery before dawn",
            "river barges that carried grain",
            "an observatory on the mountain",
            "the tram lines of the old city",
            "a library that lends tools",
            "orchards in the valley",
            "the ferry between the two islands",
            "the clock tower in the square",
            "salt pans by the estuary",
            "a school for glass blowers",
            "the night market on the bridge",
            "terraced vineyards above the lake",
            "a mill on the weir",
            "the postal route over the pass",
            "a choir that sang in four languages"
        };
        StringBuilder jsonl = new StringBuilder();
        for (String t : topics) {
            String text = "This is a short note about " + t + ". People who lived nearby wrote down what they saw "
                    + "each season, and the notes were kept in a box at the town hall. Some of them describe the "
                    + "weather, others the work of the day, and a few tell stories that nobody can check today. "
                    + "Read together, they show how " + t + " changed over a hundred years.";
            jsonl.append(Json.ONE_LINE.writeValueAsString(java.util.Map.of("text", text)))
                    .append('\n');
        }
        Path input = tmp.resolve("docs.jsonl");
        Files.writeString(input, jsonl);
        Path conf = tmp.resolve("prep.conf");
        // Near-duplicate removal off: the notes share most of their words by design.
        Files.writeString(conf, "lws.prep { val-fraction = 0.5, progress-seconds = 0, filter.dedup.near = false }\n");
        Path out = tmp.resolve("prep");
        Run r = run(
                "prep",
                "--master",
                "local[1]",
                "--input",
                input.toString(),
                "--output",
                out.toString(),
                "--conf",
                conf.toString(),
                "--seq-len",
                "32",
                "--tokenizer",
                "bytes");
        assertEquals(0, r.exit(), r.err());
        return out;
    }

    @Test
    void evalNamesTheBadLine(@TempDir Path tmp) throws Exception {
        Path ckpt = tmp.resolve("ckpt");
        run("init", "--profile", "vanilla-12", "--size", "tiny", "--out", ckpt.toString());
        Path tokens = tmp.resolve("tokens.txt");
        Files.writeString(tokens, "1 2 3\n4 99999 5\n");
        Run r = run("eval", "--checkpoint", ckpt.toString(), "--tokens-file", tokens.toString());
        assertEquals(2, r.exit());
        assertTrue(
                r.err().contains("tokens.txt:2: token id 99999 is outside the model's vocabulary [0, 320)"), r.err());
    }
}
