package org.lwsspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwsspark.common.Json;
import org.lwsspark.data.TokenShards;
import org.lwsspark.model.io.Checkpoint;
import org.lwsspark.run.RunDirectory;
import org.lwsspark.run.RunInfo;
import org.lwsspark.run.metrics.MetricRow;
import org.lwsspark.run.metrics.MetricsReader;
import org.lwsspark.train.TrainConfig;
import org.lwsspark.train.TrainPlan;
import org.lwsspark.train.averaging.ResultOomRegistrator;

/**
 * {@code ./lws train} end to end in Spark local mode: real prep shards (byte-level, made in {@link #prepare} from
 * the project's own sources), a small model size of the test's own, metrics read back with DuckDB, checkpoints,
 * a run killed with SIGKILL and resumed, and the refusals that must write nothing.
 */
class TrainCommandTest {

    private static final int STEPS = SmallTraining.STEPS;
    private static final int WORKERS = SmallTraining.WORKERS;
    private static final int BATCH = SmallTraining.BATCH;
    private static final int SEQ = SmallTraining.SEQ;

    @TempDir
    static Path tmp;

    private static SmallTraining training;
    private static Path data;
    private static Path conf;

    @BeforeAll
    static void prepare() throws IOException {
        training = SmallTraining.prepare(tmp);
        data = training.data();
        conf = training.conf();
    }

    private static List<String> train(Path runDir, String... more) {
        return training.train(runDir.toString(), more);
    }

    @Test
    void trainsLogsEveryStepOnceAndMetricsReadInDuckDb() throws Exception {
        Path run = tmp.resolve("run-full");
        CliTest.Run r = CliTest.run(train(run).toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("step " + STEPS), r.out());

        Map<Long, Double> trainLoss = new TreeMap<>();
        Map<Long, Double> valLoss = new TreeMap<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = duck.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT kind, step, tokens_seen, train_loss, lr, grad_norm, tokens_per_s, "
                                + "wall_s, val_loss, val_ppl, val_tokens, run_id, profile, size FROM read_parquet('"
                                + run.resolve("metrics") + "/*.parquet') ORDER BY step, kind")) {
            while (rs.next()) {
                long step = rs.getLong("step");
                assertEquals(step * WORKERS * BATCH * SEQ, rs.getLong("tokens_seen"));
                assertEquals("crown-18", rs.getString("profile"));
                assertEquals("micro", rs.getString("size"));
                assertTrue(rs.getString("run_id").startsWith("run-full-"));
                if (rs.getString("kind").equals("train")) {
                    assertTrue(trainLoss.put(step, rs.getDouble("train_loss")) == null, "step " + step + " twice");
                    assertEquals(3e-3, rs.getDouble("lr"), 1e-12);
                    assertTrue(rs.getDouble("grad_norm") > 0 && rs.getDouble("tokens_per_s") > 0);
                } else {
                    assertTrue(valLoss.put(step, rs.getDouble("val_loss")) == null, "evaluation " + step + " twice");
                    assertEquals(Math.exp(rs.getDouble("val_loss")), rs.getDouble("val_ppl"), 1e-9);
                    assertEquals(64L * SEQ, rs.getLong("val_tokens"));
                    assertTrue(rs.getObject("train_loss") == null);
                }
            }
        }
        List<Long> logSteps = new ArrayList<>();
        for (long s = 2; s <= STEPS; s += 2) {
            logSteps.add(s);
        }
        assertEquals(logSteps, List.copyOf(trainLoss.keySet()), "a row for every logging step");
        assertEquals(List.of(0L, 8L, 16L, 24L), List.copyOf(valLoss.keySet()), "start, every 8 steps, end");
        assertEquals(Math.log(320), valLoss.get(0L), 0.1, "an untrained model is near ln V");
        assertTrue(valLoss.get((long) STEPS) < valLoss.get(0L) - 1.5, "validation loss falls: " + valLoss);
        assertTrue(trainLoss.get((long) STEPS) < trainLoss.get(2L) - 1.5, "training loss falls: " + trainLoss);

        SparkSession spark = SparkSession.builder()
                .master("local[1]")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            Dataset<Row> metrics = spark.read().parquet(run.resolve("metrics").toString());
            assertEquals(trainLoss.size(), metrics.where("kind = 'train'").count(), "Spark reads the same rows");
            assertEquals(
                    valLoss.size(),
                    metrics.where("kind = 'eval' AND val_ppl > 1").count());
        } finally {
            spark.stop();
        }

        assertEquals(List.of("step-16", "step-24"), names(run.resolve("checkpoints")), "the newest 2 kept");
        var info = Json.MAPPER.readTree(run.resolve("run.json").toFile());
        assertEquals(WORKERS * BATCH * SEQ, info.at("/training/tokens_per_step").asLong());
        assertEquals(320, info.at("/data/vocab_size").asInt(), "the vocabulary of the data's manifest");
        assertEquals(64, info.at("/data/fingerprint").asText().length());
        assertEquals(18, info.at("/plan/layers").size());
        assertTrue(info.at("/attempts/0/spark_conf").has("spark.app.name"));
        assertTrue(info.at("/attempts/0/spark_conf/spark.app.name").asText().contains("crown-18/micro"));

        // A finished run resumed does nothing and writes nothing.
        String runJson = Files.readString(run.resolve("run.json"));
        List<String> metricFiles = names(run.resolve("metrics"));
        CliTest.Run again = CliTest.run(train(run, "--resume").toArray(String[]::new));
        assertEquals(0, again.exit(), again.err());
        assertEquals(runJson, Files.readString(run.resolve("run.json")));
        assertEquals(metricFiles, names(run.resolve("metrics")));
    }

    @Test
    void aRunKilledAndResumedEndsWhereAnUninterruptedRunEnds() throws Exception {
        Path whole = tmp.resolve("run-whole");
        assertEquals(0, CliTest.run(train(whole).toArray(String[]::new)).exit());

        Path killed = tmp.resolve("run-killed");
        Process p = SmallTraining.lws(tmp.resolve("killed.log"), train(killed, "--set", "metrics.flush-seconds=0.001"));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!laterMetricsThan(killed, 8) && System.nanoTime() < deadline && p.isAlive()) {
            Thread.sleep(50);
        }
        assertTrue(
                p.isAlive(),
                "the run ended before it could be killed:\n" + Files.readString(tmp.resolve("killed.log")));
        p.destroyForcibly(); // SIGKILL: no shutdown hook, nothing flushed
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue());
        assertTrue(Files.isDirectory(killed.resolve("checkpoints/step-8")));

        CliTest.Run resumed = CliTest.run(train(killed, "--resume").toArray(String[]::new));
        assertEquals(0, resumed.exit(), resumed.err());
        ComputationGraph a =
                Checkpoint.read(whole.resolve("checkpoints/step-" + STEPS)).network();
        ComputationGraph b =
                Checkpoint.read(killed.resolve("checkpoints/step-" + STEPS)).network();
        double gap = a.params().sub(b.params()).amaxNumber().doubleValue();
        assertTrue(gap <= 1e-6, "parameters differ by up to " + gap);
        double stateGap = a.getUpdater()
                .getStateViewArray()
                .sub(b.getUpdater().getStateViewArray())
                .amaxNumber()
                .doubleValue();
        assertTrue(stateGap <= 1e-6, "Adam state differs by up to " + stateGap);

        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = duck.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT kind, count(*) AS n, count(DISTINCT step) AS steps FROM read_parquet('"
                                + killed.resolve("metrics") + "/*.parquet') GROUP BY kind ORDER BY kind")) {
            assertTrue(rs.next());
            assertEquals("eval", rs.getString("kind"));
            assertEquals(4, rs.getLong("n"));
            assertEquals(4, rs.getLong("steps"));
            assertTrue(rs.next());
            assertEquals("train", rs.getString("kind"));
            assertEquals(STEPS / 2, rs.getLong("n"), "every logging step exactly once");
            assertEquals(STEPS / 2, rs.getLong("steps"));
        }
        var info = Json.MAPPER.readTree(killed.resolve("run.json").toFile());
        assertEquals(2, info.get("attempts").size());
        assertEquals(8, info.at("/attempts/1/from_step").asLong());
    }

    @Test
    void resumeOnADirectoryWithNoRunStartsItAndRunsListsIt() throws Exception {
        Path run = tmp.resolve("runs-lifecycle/run-retried");
        CliTest.Run r = CliTest.run(train(run, "--resume").toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        RunInfo info = new RunDirectory(run).readInfo();
        assertEquals(1, info.attempts().size());
        assertEquals(0, info.attempts().get(0).fromStep());
        assertEquals(RunInfo.FINISHED, info.attempts().get(0).outcome(), "the attempt records how it ended");

        CliTest.Run again = CliTest.run(train(run, "--resume").toArray(String[]::new));
        assertEquals(0, again.exit(), "a retry of a finished run does nothing: " + again.err());

        CliTest.Run runs = CliTest.run("runs", tmp.resolve("runs-lifecycle").toString(), "--json");
        assertEquals(0, runs.exit(), runs.err());
        JsonNode rows = Json.MAPPER.readTree(runs.out());
        assertEquals(1, rows.size(), runs.out());
        JsonNode row = rows.get(0);
        assertEquals("finished", row.get("state").asText());
        assertEquals(STEPS, row.get("step").asLong());
        assertEquals(STEPS, row.get("total_steps").asLong());
        MetricRow lastEval = MetricsReader.read(run.resolve("metrics")).stream()
                .filter(m -> m.kind().equals(MetricRow.EVAL))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertEquals(lastEval.valLoss(), row.get("val_loss").asDouble(), 0.0);
        CliTest.Run table = CliTest.run("runs", tmp.resolve("runs-lifecycle").toString());
        assertTrue(table.out().contains("finished"), table.out());
        CliTest.Run byUri =
                CliTest.run("runs", tmp.resolve("runs-lifecycle").toUri().toString(), "--json");
        assertEquals(
                run.toString(),
                Json.MAPPER.readTree(byUri.out()).get(0).get("dir").asText(),
                "a file: root");
    }

    @Test
    void aDatasetTheGuardRefusesExitsTwoAndWritesNothing() throws Exception {
        Path bad = tmp.resolve("data-uint16");
        copyTree(data, bad);
        Path manifest = bad.resolve("manifest.json");
        Files.writeString(
                manifest, Files.readString(manifest).replace("\"dtype\" : \"int32\"", "\"dtype\" : \"uint16\""));
        Files.deleteIfExists(bad.resolve(".manifest.json.crc"));
        Path run = tmp.resolve("run-refused");
        List<String> args = train(run);
        args.set(args.indexOf(data.toString()), bad.toString());
        CliTest.Run r = CliTest.run(args.toArray(String[]::new));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("dtype is uint16"), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertFalse(Files.exists(run), "nothing written");
    }

    @Test
    void badSettingsAndAnExistingRunDirAreRefusedWithoutWriting() throws Exception {
        Path run = tmp.resolve("run-settings");
        CliTest.Run unknown =
                CliTest.run(train(run, "--set", "optimizer.learning-rate=1e-3").toArray(String[]::new));
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("unknown setting 'optimizer.learning-rate'"), unknown.err());
        CliTest.Run paper =
                CliTest.run(train(run, "--set", "optimizer.schedule=paper").toArray(String[]::new));
        assertEquals(2, paper.exit());
        assertTrue(paper.err().contains("lws.train.optimizer.lr") && paper.err().contains("paper"), paper.err());
        CliTest.Run vocab = CliTest.run(train(run, "--set", "vocab-size=200").toArray(String[]::new));
        assertEquals(2, vocab.exit());
        assertTrue(vocab.err().contains("vocab-size = 200 is smaller than the vocabulary"), vocab.err());
        assertFalse(Files.exists(run), "nothing written");

        Files.createDirectories(run);
        Files.writeString(run.resolve("notes.txt"), "mine");
        CliTest.Run exists = CliTest.run(train(run).toArray(String[]::new));
        assertEquals(2, exists.exit());
        assertTrue(exists.err().contains("--resume"), exists.err());
        assertEquals(List.of("notes.txt"), names(run));
    }

    @Test
    void aTokenBudgetRoundsUpToWholeStepsAndTheVocabularyIsTheDatas() {
        TrainConfig config = TrainConfig.load(conf.toFile(), List.of(), Map.of("max-steps", 0L, "tokens", 10_000L));
        TrainPlan plan = TrainPlan.resolve(
                config, TokenShards.open(data.toString(), new Configuration()), data.toString(), WORKERS, 2, 1);
        assertEquals(WORKERS * BATCH * SEQ, plan.tokensPerStep());
        assertEquals((10_000 + plan.tokensPerStep() - 1) / plan.tokensPerStep(), plan.totalSteps());
        assertEquals(320, plan.plan().size().vocabSize(), "bytes: 257 ids padded to 320");
        assertEquals(1, plan.threadsPerWorker(), "local[2] shared by 2 workers");
    }

    private static boolean laterMetricsThan(Path run, long step) throws IOException {
        Path metrics = run.resolve("metrics");
        if (!Files.isDirectory(metrics) || !Files.isDirectory(run.resolve("checkpoints/step-" + step))) {
            return false;
        }
        return names(metrics).stream()
                .anyMatch(n -> n.matches("step-\\d+-\\d+\\.parquet") && Long.parseLong(n.split("-")[1]) > step);
    }

    /**
     * An out-of-memory error where the driver receives a round's averaged state (Spark's task-result-getter thread,
     * which used to die and leave the run waiting for ever) ends the run within a minute, with exit code 1 and one
     * line naming it, and the checkpoint written before it stays usable.
     */
    @Test
    void anOutOfMemoryErrorWhereTheDriverReceivesTheStateEndsTheRun() throws Exception {
        Path run = tmp.resolve("run-oom");
        Path log = tmp.resolve("oom.log");
        // Two reduce tasks a round: the fifth result is the first of the round after the checkpoint at step 8.
        Process p = SmallTraining.lws(
                log,
                train(run),
                "-Dspark.kryo.registrator=" + ResultOomRegistrator.class.getName(),
                "-Dlws.test.results-before-oom=4");
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "the run did not end:\n" + Files.readString(log));
        String out = Files.readString(log);
        assertEquals(1, p.exitValue(), out);
        List<String> lines =
                out.lines().filter(l -> l.startsWith("lws train: ")).toList();
        assertEquals(1, lines.size(), out);
        assertTrue(
                lines.get(0)
                        .startsWith("lws train: out of memory (Java heap space (injected by the test)) in "
                                + "thread task-result-getter-"),
                lines.get(0));
        assertTrue(lines.get(0).contains("LWS_HEAP"), lines.get(0));
        // The run got past its checkpoint at step 8, and no further.
        Pattern stepLine = Pattern.compile("step (\\d+)/" + STEPS);
        long lastStep = out.lines()
                .map(stepLine::matcher)
                .filter(Matcher::find)
                .mapToLong(m -> Long.parseLong(m.group(1)))
                .max()
                .orElse(0);
        assertEquals(8, lastStep, out);
        assertEquals(List.of("step-8"), names(run.resolve("checkpoints")));
        assertEquals(
                8, Checkpoint.read(run.resolve("checkpoints/step-8")).network().getIterationCount());
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }
}
