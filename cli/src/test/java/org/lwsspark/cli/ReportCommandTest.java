package org.lwsspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lwsspark.common.Json;
import org.lwsspark.run.metrics.MetricRow;
import org.lwsspark.run.metrics.MetricsWriter;
import org.lwsspark.train.Prerequisite;

/**
 * {@code ./lws report} end to end on real runs: byte-level prep shards made from the project's own sources, four
 * short {@code ./lws train} runs in Spark local mode (isotropic-18, crown-18 with two seeds, vanilla-18) in one
 * sweep directory, the report's numbers checked against the metrics read back with DuckDB, its charts decoded,
 * and the refusals that must write nothing.
 */
class ReportCommandTest {

    private static final int STEPS = 8;
    private static final int BATCH = 2;
    private static final int SEQ = 16;
    /** The runs, by directory name: profile and seed. */
    private static final Map<String, String[]> RUNS = new LinkedHashMap<>();

    static {
        RUNS.put("isotropic-s1", new String[] {"isotropic-18", "1"});
        RUNS.put("crown-s1", new String[] {"crown-18", "1"});
        RUNS.put("crown-s2", new String[] {"crown-18", "2"});
        RUNS.put("vanilla-s1", new String[] {"vanilla-18", "1"});
    }

    @TempDir
    static Path tmp;

    private static Path sweep;

    @BeforeAll
    static void trainRuns() throws IOException {
        Path data = SmallTraining.prepShards(tmp, "model/src/main/java/org/lwsspark/model/plan", SEQ);
        // As TrainCommandTest's size, with one worker of two rows: Spark's start-up is most of each run.
        Path conf = tmp.resolve("train.conf");
        Files.writeString(conf, """
                lws.models.sizes.micro { d-model = 48, head-dim = 8, gqa-group = 3, ffn-multiple = 16, vocab-size = 320,
                                         rope-theta = 500000, norm-eps = 1e-6, init-std = 0.02 }
                lws.train {
                  size = micro, workers = 1, batch-per-worker = %d, averaging-frequency = 4, log-every = 2
                  optimizer { schedule = constant, lr = 3e-3 }
                  eval { every = 4, rows = 16, batch = 16 }
                  checkpoint { every = 0, keep = 1 }
                }
                """.formatted(BATCH));
        sweep = tmp.resolve("sweep");
        for (Map.Entry<String, String[]> run : RUNS.entrySet()) {
            CliTest.Run r = CliTest.run(
                    "train",
                    "--master",
                    "local[2]",
                    "--data",
                    data.toString(),
                    "--run-dir",
                    sweep.resolve(run.getKey()).toString(),
                    "--conf",
                    conf.toString(),
                    "--max-steps",
                    String.valueOf(STEPS),
                    "--profile",
                    run.getValue()[0],
                    "--set",
                    "seed=" + run.getValue()[1]);
            assertEquals(0, r.exit(), r.err());
        }
    }

    /** What DuckDB reads from one run's metrics: the newest evaluation and training row, and the means. */
    private record Expected(
            double valLoss, double valPpl, long tokensSeen, long steps, double tokensPerS, double wallS) {}

    private static Expected expected(Path run) throws Exception {
        String metrics = "read_parquet('" + run.resolve("metrics") + "/*.parquet')";
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = duck.createStatement()) {
            ResultSet eval = st.executeQuery(
                    "SELECT val_loss, val_ppl FROM " + metrics + " WHERE kind = 'eval' ORDER BY step DESC LIMIT 1");
            assertTrue(eval.next());
            double loss = eval.getDouble(1);
            double ppl = eval.getDouble(2);
            ResultSet train = st.executeQuery(
                    "SELECT tokens_seen, step FROM " + metrics + " WHERE kind = 'train' ORDER BY step DESC LIMIT 1");
            assertTrue(train.next());
            long tokens = train.getLong(1);
            long steps = train.getLong(2);
            ResultSet means = st.executeQuery(
                    "SELECT avg(tokens_per_s) FILTER (WHERE kind = 'train'), max(wall_s) FROM " + metrics);
            assertTrue(means.next());
            return new Expected(loss, ppl, tokens, steps, means.getDouble(1), means.getDouble(2));
        }
    }

    @Test
    void theNotebookIsValidAndRunsOnTheseRunsWherePythonHasWhatItNeeds() throws Exception {
        Path root =
                Path.of(System.getProperty("lws.root", "..")).toAbsolutePath().normalize();
        Path python = Path.of("/usr/bin/python3");
        Prerequisite.require(Files.isExecutable(python), python.toString());
        Process check = new ProcessBuilder(
                        python.toString(),
                        "deploy/notebooks/check_notebook.py",
                        "deploy/notebooks/compare-profiles.ipynb",
                        "--runs",
                        sweep + "/*")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, check.waitFor(), out);
        assertTrue(out.contains("every code cell compiles"), out);
        // What could not be checked is said, and shows in the test log.
        System.out.print(out);
        assertTrue(out.contains("executed on") || out.contains("not executed: missing"), out);
    }

    @Test
    void aSweepIsReportedWithTheMetricsNumbersChartsAndSeedSpread() throws Exception {
        Path out = tmp.resolve("report-sweep");
        long start = System.nanoTime();
        CliTest.Run r = CliTest.run("report", "--runs", sweep.toString(), "--out", out.toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err(), "finished runs with evaluations: no warning");
        assertTrue(seconds < 15, "a report of four small runs took " + seconds + " s");
        for (String profile : List.of("isotropic-18", "crown-18", "vanilla-18")) {
            assertTrue(r.out().contains(profile), r.out());
        }

        Map<String, Expected> want = new LinkedHashMap<>();
        for (String name : RUNS.keySet()) {
            want.put(name, expected(sweep.resolve(name)));
        }
        // report.csv read by DuckDB's own CSV reader: an empty field is NULL.
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = duck.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM read_csv('" + out.resolve("report.csv")
                        + "', header = true, all_varchar = true)")) {
            assertEquals(13, rs.getMetaData().getColumnCount());
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int c = 1; c <= 13; c++) {
                    row.put(rs.getMetaData().getColumnName(c), rs.getString(c));
                }
                String runId = rs.getString("run_id");
                String dir = RUNS.keySet().stream()
                        .filter(n -> runId.startsWith(n + "-"))
                        .findFirst()
                        .orElseThrow();
                assertNull(rows.put(dir, row), dir + " twice");
            }
        }
        assertEquals(RUNS.keySet(), rows.keySet().stream().collect(java.util.stream.Collectors.toSet()));
        for (Map.Entry<String, Map<String, Object>> e : rows.entrySet()) {
            Map<String, Object> row = e.getValue();
            Expected x = want.get(e.getKey());
            var info = Json.MAPPER.readTree(
                    sweep.resolve(e.getKey()).resolve("run.json").toFile());
            assertEquals(RUNS.get(e.getKey())[0], row.get("profile"));
            assertEquals(RUNS.get(e.getKey())[1], row.get("seed"));
            assertEquals("micro", row.get("size"));
            assertEquals(info.at("/parameters/total").asText(), row.get("parameters"));
            assertEquals(info.at("/parameters/non_embedding").asText(), row.get("non_embedding_parameters"));
            assertEquals(x.valLoss(), number(row, "final_val_loss"), 0, e.getKey());
            assertEquals(x.valPpl(), number(row, "final_val_ppl"), 0);
            assertEquals(x.tokensSeen(), (long) number(row, "tokens_seen"));
            assertEquals((long) STEPS * BATCH * SEQ, x.tokensSeen(), "one worker of two rows for every step");
            assertEquals(x.steps(), (long) number(row, "steps"));
            assertEquals(x.tokensPerS(), number(row, "tokens_per_s"), 1e-9 * x.tokensPerS());
            assertEquals(x.wallS(), number(row, "wall_s"), 0);
        }
        double iso = want.get("isotropic-s1").valLoss();
        assertNull(rows.get("isotropic-s1").get("delta_val_loss_vs_isotropic"), "the baseline has no change");
        assertNull(rows.get("crown-s2").get("delta_val_loss_vs_isotropic"), "no isotropic run of seed 2");
        assertEquals(
                want.get("crown-s1").valLoss() - iso,
                number(rows.get("crown-s1"), "delta_val_loss_vs_isotropic"),
                1e-15);
        assertEquals(
                want.get("vanilla-s1").valLoss() - iso,
                number(rows.get("vanilla-s1"), "delta_val_loss_vs_isotropic"),
                1e-15);

        String md = Files.readString(out.resolve("report.md"));
        for (String profile : List.of("isotropic-18", "crown-18", "vanilla-18")) {
            assertTrue(md.contains("| `" + profile + "` |"), profile + " in\n" + md);
        }
        double c1 = want.get("crown-s1").valLoss();
        double c2 = want.get("crown-s2").valLoss();
        String crownRow = md.lines()
                .filter(l -> l.startsWith("| `crown-18` | 2 (seeds 1, 2) |"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no crown-18 row with 2 seeds in\n" + md));
        assertTrue(
                crownRow.contains(String.format(
                        Locale.ROOT, "| %.4f | %.4f–%.4f |", (c1 + c2) / 2, Math.min(c1, c2), Math.max(c1, c2))),
                crownRow);
        assertTrue(md.contains(fingerprint(sweep.resolve("crown-s1"))), "the data fingerprint");
        assertTrue(md.contains("min–max") && md.contains("not evidence"), md);
        for (String png : List.of("train-loss.png", "val-ppl.png", "delta-vs-isotropic.png", "layer-allocation.png")) {
            assertTrue(md.contains("](" + png + ")"), png + " linked");
            BufferedImage image = ImageIO.read(out.resolve(png).toFile());
            assertNotNull(image, png + " decodes");
            assertEquals(1200, image.getWidth());
            // The loss and perplexity charts have their last half zoomed under them.
            assertEquals(png.equals("train-loss.png") || png.equals("val-ppl.png") ? 1230 : 750, image.getHeight());
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    colours.add(image.getRGB(x, y) & 0xFFFFFF);
                }
            }
            assertTrue(colours.size() > 20, png + " has " + colours.size() + " colours");
            // Each profile's line in its fixed colour: isotropic grey, crown vermillion, vanilla blue.
            for (int rgb : new int[] {0x4D4D4D, 0xD55E00, 0x0072B2}) {
                assertTrue(colours.contains(rgb), png + " has no pixel of " + Integer.toHexString(rgb));
            }
        }
        assertEquals(
                Set.of(
                        "report.csv",
                        "report.md",
                        "train-loss.png",
                        "val-ppl.png",
                        "delta-vs-isotropic.png",
                        "layer-allocation.png"),
                Set.copyOf(names(out)),
                "nothing else, no staging file left");
    }

    @Test
    void runsGivenOneByOneReadAsTheSweep() throws Exception {
        Path out = tmp.resolve("report-listed");
        List<String> args = new ArrayList<>(List.of("report", "--out", out.toString(), "--runs"));
        RUNS.keySet().forEach(n -> args.add(sweep.resolve(n).toString()));
        args.add(sweep.toString()); // the same runs again, through their root: each is reported once
        CliTest.Run r = CliTest.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        assertEquals(
                RUNS.size() + 1, Files.readAllLines(out.resolve("report.csv")).size());
    }

    @ParameterizedTest
    @CsvSource({
        "/size, nano, size is micro",
        "/data/seq_len, 64, data.seq_len is 16",
        "/data/fingerprint, 0000, data.fingerprint is ",
        "/training/total_steps, 12, token budget (training.total_steps x training.tokens_per_step) is 256 tokens"
    })
    void runsThatAreNotComparableAreRefusedWithoutWriting(String pointer, String value, String message)
            throws Exception {
        Path other = tmp.resolve("other" + pointer.replace('/', '-'));
        copyTree(sweep.resolve("crown-s2"), other);
        ObjectNode info =
                (ObjectNode) Json.MAPPER.readTree(other.resolve("run.json").toFile());
        int slash = pointer.lastIndexOf('/');
        ObjectNode parent = slash == 0 ? info : (ObjectNode) info.at(pointer.substring(0, slash));
        if (value.matches("\\d+") && !pointer.endsWith("fingerprint")) {
            parent.put(pointer.substring(slash + 1), Long.parseLong(value));
        } else {
            parent.put(pointer.substring(slash + 1), value);
        }
        Json.MAPPER.writeValue(other.resolve("run.json").toFile(), info);

        Path out = tmp.resolve("report-refused" + pointer.replace('/', '-'));
        CliTest.Run r = CliTest.run("report", "--runs", sweep.toString(), other.toString(), "--out", out.toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertTrue(r.err().startsWith("lws report: runs are not comparable: " + message), r.err());
        // The reference is the first run found: the sweep's subdirectories are taken by name.
        assertTrue(
                r.err().contains(" in " + sweep.resolve("crown-s1") + " but "),
                "both run directories named: " + r.err());
        assertTrue(r.err().strip().endsWith(" in " + other), r.err());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void twoPlansUnderOneProfileNameAreRefused() throws Exception {
        Path other = tmp.resolve("other-plan");
        copyTree(sweep.resolve("crown-s2"), other);
        ObjectNode info =
                (ObjectNode) Json.MAPPER.readTree(other.resolve("run.json").toFile());
        ((ObjectNode) info.at("/plan/layers/0")).put("ffn_hidden", 64);
        Json.MAPPER.writeValue(other.resolve("run.json").toFile(), info);
        Path out = tmp.resolve("report-other-plan");
        CliTest.Run r = CliTest.run("report", "--runs", sweep.toString(), other.toString(), "--out", out.toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals(
                "lws report: runs are not comparable: profile crown-18 has another plan (per-layer widths) in " + other
                        + " than in " + sweep.resolve("crown-s1"),
                r.err().strip());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void aDirectoryWithoutRunJsonOrMetricsIsRefusedByName() throws Exception {
        Path noInfo = tmp.resolve("no-run-json");
        copyTree(sweep.resolve("vanilla-s1").resolve("metrics"), noInfo.resolve("metrics"));
        Path out = tmp.resolve("report-no-info");
        CliTest.Run r = CliTest.run("report", "--runs", noInfo.toString(), "--out", out.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains(noInfo.toString()) && r.err().contains("run.json"), r.err());
        assertFalse(Files.exists(out));

        Path noMetrics = tmp.resolve("no-metrics");
        Files.createDirectories(noMetrics);
        Files.copy(sweep.resolve("vanilla-s1").resolve("run.json"), noMetrics.resolve("run.json"));
        r = CliTest.run("report", "--runs", sweep.toString(), noMetrics.toString(), "--out", out.toString());
        assertEquals(2, r.exit());
        assertEquals(
                "lws report: " + noMetrics + ": no metrics (" + noMetrics.resolve("metrics")
                        + " holds no Parquet file): has the run logged anything yet?",
                r.err().strip());
        assertFalse(Files.exists(out));

        // In a sweep root, a subdirectory with metrics but no run.json is a broken run, not something to skip.
        Path root = tmp.resolve("broken-sweep");
        copyTree(sweep.resolve("crown-s1"), root.resolve("crown-s1"));
        copyTree(
                sweep.resolve("vanilla-s1").resolve("metrics"),
                root.resolve("half").resolve("metrics"));
        r = CliTest.run("report", "--runs", root.toString(), "--out", out.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains(root.resolve("half").toString()), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void aRunWithoutAnEvaluationIsReportedBlankWithAWarning() throws Exception {
        // A run that has logged training rows but not yet evaluated (the trainer evaluates at step 0, so this is a
        // run whose first metrics file is still being written): its run.json, and the train rows of another run.
        Path early = tmp.resolve("early").resolve("crown-s3");
        Files.createDirectories(early);
        ObjectNode info = (ObjectNode) Json.MAPPER.readTree(
                sweep.resolve("crown-s2").resolve("run.json").toFile());
        ((ObjectNode) info.get("config")).put("seed", 3);
        info.put("run_id", "crown-s3-early");
        Json.MAPPER.writeValue(early.resolve("run.json").toFile(), info);
        MetricsWriter writer = new MetricsWriter(early.resolve("metrics"));
        MetricRow.RunLabels labels = new MetricRow.RunLabels("crown-s3-early", "crown-18", "micro");
        writer.add(MetricRow.train(labels, 2, 2L * BATCH * SEQ, 5.5, 3e-3, 1.0, 100, 1.5));
        writer.add(MetricRow.train(labels, 4, 4L * BATCH * SEQ, 5.0, 3e-3, 1.0, 300, 2.5));
        writer.flush();

        Path out = tmp.resolve("report-early");
        CliTest.Run r = CliTest.run(
                "report",
                "--runs",
                sweep.resolve("isotropic-s1").toString(),
                early.toString(),
                "--out",
                out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("lws report: warning: " + early + ": no evaluation yet"), r.err());
        List<String> csv = Files.readAllLines(out.resolve("report.csv"));
        String row =
                csv.stream().filter(l -> l.startsWith("crown-18,")).findFirst().orElseThrow();
        assertEquals(
                "crown-18,micro,crown-s3-early,3,"
                        + info.at("/parameters/total").asText() + ","
                        + info.at("/parameters/non_embedding").asText() + ",128,,,,200.0,2.5,4",
                row);
        assertTrue(Files.readString(out.resolve("report.md")).contains("no evaluation yet"));
    }

    @Test
    void helpDescribesTheOutputs() {
        CliTest.Run r = CliTest.run("report", "--help");
        assertEquals(0, r.exit(), r.err());
        for (String word : List.of(
                "--runs",
                "--out",
                "report.csv",
                "report.md",
                "train-loss.png",
                "val-ppl.png",
                "layer-allocation.png",
                "exit 2")) {
            assertTrue(r.out().contains(word), word + " in\n" + r.out());
        }
    }

    private static double number(Map<String, Object> row, String column) {
        Object v = row.get(column);
        assertNotNull(v, column + " is empty");
        return Double.parseDouble(v.toString());
    }

    private static String fingerprint(Path run) throws IOException {
        return Json.MAPPER
                .readTree(run.resolve("run.json").toFile())
                .at("/data/fingerprint")
                .asText();
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }
}
