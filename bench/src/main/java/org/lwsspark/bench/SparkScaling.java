package org.lwsspark.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.lwsspark.common.Json;
import org.lwsspark.data.SerializableConf;
import org.lwsspark.data.TokenShards;
import org.lwsspark.model.nn.LwsTransformer;
import org.lwsspark.model.optim.GlobalNormClipping;
import org.lwsspark.model.optim.OptimizerConfig;
import org.lwsspark.model.plan.ModelPlan;
import org.lwsspark.train.SparkSettings;
import org.lwsspark.train.averaging.AveragedState;
import org.lwsspark.train.averaging.ReduceScatterAveraging;
import org.lwsspark.train.data.TrainingData;
import org.lwsspark.train.metrics.StepLog;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Training throughput of the Spark trainer itself (local mode, one thread per worker): the same rounds the
 * trainer runs (its data reading, parameter averaging, clipping and step records), untimed warm-up rounds first.
 * Prints one JSON line.
 *
 * <pre>
 * SparkScaling DATA_DIR PROFILE@SIZE WORKERS AVERAGING_FREQUENCY BATCH_PER_WORKER STEPS WARMUP_ROUNDS
 * </pre>
 */
public final class SparkScaling {

    private SparkScaling() {}

    public static void main(String[] args) throws Exception {
        String dataDir = args[0];
        String model = args[1];
        int workers = Integer.parseInt(args[2]);
        int frequency = Integer.parseInt(args[3]);
        int batch = Integer.parseInt(args[4]);
        int steps = Integer.parseInt(args[5]);
        int warmupRounds = Integer.parseInt(args[6]);

        try (JavaSparkContext sc =
                new JavaSparkContext(SparkSettings.forTraining("lws spark-scaling " + model, "local[" + workers + "]")
                        .set("spark.ui.enabled", "false"))) {
            TokenShards data = TokenShards.open(dataDir, sc.hadoopConfiguration());
            ModelPlan preset = TrainThroughput.model(model);
            ModelPlan plan = preset.withSize(
                    preset.size().withVocabSize(data.manifest().tokenizer().paddedVocabSize()));
            OptimizerConfig optimizer = OptimizerConfig.paper();
            ComputationGraph net = LwsTransformer.build(plan, optimizer, 1, DataType.FLOAT);
            StepLog stepLog = new StepLog(sc);
            ReduceScatterAveraging averaging = new ReduceScatterAveraging(
                    sc,
                    net,
                    AveragedState.ALL,
                    workers,
                    batch,
                    frequency,
                    List.of(new GlobalNormClipping(optimizer.clipNorm(), stepLog.observer())));
            TrainingData rounds = new TrainingData(
                    sc, data, new SerializableConf(sc.hadoopConfiguration()), 1, workers, batch, 1, 2048);
            int seqLen = data.manifest().seqLen();
            long step = 0;
            for (int r = 0; r < warmupRounds; r++) {
                step = round(averaging, rounds, step, frequency);
            }
            long t0 = System.nanoTime();
            long timed = 0;
            while (timed < steps) {
                long before = step;
                step = round(averaging, rounds, step, (int) Math.min(frequency, steps - timed));
                timed += step - before;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            var last = stepLog.drain().values().stream().reduce((a, b) -> b).orElseThrow();

            ObjectNode out = Json.MAPPER.createObjectNode();
            out.put("framework", "dl4j-spark");
            out.put("model", model);
            out.put("params", net.numParams());
            out.put("workers", workers);
            out.put("averaging_frequency", frequency);
            out.put("batch_per_worker", batch);
            out.put("seq_len", seqLen);
            out.put("steps", timed);
            out.put("tokens_per_s", (double) timed * workers * batch * seqLen / seconds);
            out.put("step_ms", 1000 * seconds / timed);
            out.put("mflop_per_token", plan.trainingFlopsPerToken(seqLen) / 1e6);
            out.put("loss_last", last.meanLoss());
            System.out.println(Json.MAPPER
                    .writer()
                    .without(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(out));
        }
    }

    /** One round of {@code steps} steps from global step {@code step} (epochs roll over); returns the new step. */
    private static long round(ReduceScatterAveraging averaging, TrainingData data, long step, int steps) {
        long perEpoch = data.stepsPerEpoch();
        int n = (int) Math.min(steps, perEpoch - step % perEpoch);
        averaging.trainRound(data.round((int) (step / perEpoch), step % perEpoch, n), n, false);
        return step + n;
    }
}
