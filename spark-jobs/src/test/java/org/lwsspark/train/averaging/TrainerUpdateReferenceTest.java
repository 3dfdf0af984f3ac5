package org.lwsspark.train.averaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwsspark.common.Json;
import org.lwsspark.model.io.HuggingFaceExport;
import org.lwsspark.model.nn.LwsTransformer;
import org.lwsspark.model.nn.RoundingBounds;
import org.lwsspark.model.optim.GlobalNormClipping;
import org.lwsspark.model.optim.LearningRateSchedule;
import org.lwsspark.model.optim.OptimizerConfig;
import org.lwsspark.model.plan.LwsProfile;
import org.lwsspark.model.plan.LwsRules;
import org.lwsspark.model.plan.ModelPlan;
import org.lwsspark.model.plan.ModelSize;
import org.lwsspark.train.SparkTestSessions;
import org.lwsspark.train.TestPython;
import org.lwsspark.train.data.TokenBatches;
import org.lwsspark.train.metrics.StepLog;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * The trainer's update against PyTorch: from the same initial weights (an export) and the same batches, steps of
 * Spark-DL4J parameter averaging with one worker (so averaging changes nothing) must give the parameters that
 * {@code torch.optim.AdamW} with {@code clip_grad_norm_} and the same learning-rate schedule gives
 * ({@code bench/reference/optim_reference.py}). Two rounds of two steps: the second round also checks that the
 * workers count steps from the run's step (Adam's bias correction, the schedule), not from 0.
 */
class TrainerUpdateReferenceTest {

    private static final int STEPS = 4;
    private static final int BATCH = 3;
    private static final int SEQ = 8;

    @Test
    void fourStepsEqualTorchAdamWWithClippingAndSchedule(@TempDir Path tmp) throws Exception {
        TestPython.assumeTorch();
        ModelSize size = new ModelSize("test", 24, 4, 3, 8, 37, 100.0, 1e-6, 0.1);
        ModelPlan plan = LwsRules.plan(new LwsProfile("test-3", 3, List.of(0.5, 2.0), List.of(0.5, 1.5), false), size);
        OptimizerConfig optimizer =
                new OptimizerConfig(3e-3, 0.9, 0.95, 1e-8, 0.1, 0.5, LearningRateSchedule.warmupCosine(2, 6, 0.1));
        ComputationGraph net = LwsTransformer.build(plan, optimizer, 5, DataType.FLOAT);
        HuggingFaceExport.write(net, plan, tmp.resolve("initial"));
        long parameters = net.numParams();
        double largestParameter = net.params().amaxNumber().doubleValue();

        Random random = new Random(11);
        List<int[][]> batches = new ArrayList<>();
        StringBuilder tokens = new StringBuilder();
        for (int s = 0; s < STEPS; s++) {
            int[][] rows = new int[BATCH][SEQ + 1];
            for (int[] row : rows) {
                for (int t = 0; t <= SEQ; t++) {
                    row[t] = random.nextInt(size.vocabSize());
                    tokens.append(row[t]).append(t == SEQ ? "\n" : " ");
                }
            }
            batches.add(rows);
        }
        double spread = logitSpread(net, batches);
        Files.writeString(tmp.resolve("tokens.txt"), tokens);

        Map<Integer, StepLog.StepSummary> javaSteps;
        try (JavaSparkContext sc = SparkTestSessions.local(1)) {
            StepLog stepLog = new StepLog(sc);
            ReduceScatterAveraging averaging = new ReduceScatterAveraging(
                    sc,
                    net,
                    AveragedState.ALL,
                    1,
                    BATCH,
                    2,
                    List.of(new GlobalNormClipping(optimizer.clipNorm(), stepLog.observer())));
            for (int round = 0; round < 2; round++) {
                List<MultiDataSet> data =
                        List.of(TokenBatches.of(batches.get(2 * round)), TokenBatches.of(batches.get(2 * round + 1)));
                averaging.trainRound(sc.parallelize(data, 1), 2, false);
            }
            javaSteps = stepLog.drain();
            HuggingFaceExport.write(averaging.network(), plan, tmp.resolve("java"));
            spread = Math.max(spread, logitSpread(averaging.network(), batches));
            largestParameter = Math.max(
                    largestParameter, averaging.network().params().amaxNumber().doubleValue());
        }

        Files.writeString(
                tmp.resolve("settings.json"),
                Json.MAPPER.writeValueAsString(Map.of(
                        "steps",
                        STEPS,
                        "batch",
                        BATCH,
                        "betas",
                        List.of(0.9, 0.95),
                        "eps",
                        1e-8,
                        "weight_decay",
                        0.1,
                        "clip",
                        0.5,
                        "schedule",
                        Map.of(
                                "kind",
                                "warmup-cosine",
                                "lr",
                                3e-3,
                                "warmup_steps",
                                2,
                                "total_steps",
                                6,
                                "min_lr_ratio",
                                0.1))));
        JsonNode torch = TestPython.run(
                "optim_reference.py",
                "train",
                "--model",
                tmp.resolve("initial").toString(),
                "--batches",
                tmp.resolve("tokens.txt").toString(),
                "--settings",
                tmp.resolve("settings.json").toString(),
                "--out",
                tmp.resolve("torch").toString());
        // Both sides compute in float32, so every bound counts two sides' errors (RoundingBounds, docs/accuracy.md).
        double[] lrs = new double[STEPS];
        for (int s = 0; s < STEPS; s++) {
            lrs[s] = optimizer.learningRateAt(s);
        }
        double gradient = RoundingBounds.gradient(plan, SEQ, BATCH * SEQ);
        // The norm adds its own sum of N squares (positive terms, so relative to the sum; the root halves it).
        double gradNormBound = 2 * (gradient + RoundingBounds.reduction(parameters) / 2);
        // Adam divides each element by its own size: a norm-wise error concentrated on an element of typical
        // size (the norm over sqrt(N)) is that element's relative error.
        double elementError = gradient * Math.sqrt(parameters);
        double worstLoss = 0;
        double worstLossRatio = 0;
        double worstNorm = 0;
        for (int s = 0; s < STEPS; s++) {
            JsonNode t = torch.get("steps").get(s);
            StepLog.StepSummary j = javaSteps.get(s);
            double tokenLoss = RoundingBounds.perTokenLoss(plan, SEQ, spread, j.meanLoss() + 1, 2);
            // From step 1 the parameters already differ: |g . dp| <= LAMBDA |g| max|dp| for dp unaligned with g.
            double drift = s == 0
                    ? 0
                    : RoundingBounds.LAMBDA
                            * t.get("grad_norm").asDouble()
                            * RoundingBounds.adamWParameter(
                                    Arrays.copyOf(lrs, s), 0.9, 0.95, elementError, largestParameter, 2);
            double lossBound = tokenLoss + drift;
            double lossGap = Math.abs(t.get("loss").asDouble() - j.meanLoss());
            double normGap = Math.abs(t.get("grad_norm").asDouble() - j.meanGradNorm())
                    / t.get("grad_norm").asDouble();
            worstLoss = Math.max(worstLoss, lossGap);
            worstLossRatio = Math.max(worstLossRatio, lossGap / lossBound);
            worstNorm = Math.max(worstNorm, normGap);
            assertEquals(t.get("lr").asDouble(), optimizer.learningRateAt(s), 1e-12, "lr of step " + s);
            assertTrue(lossGap <= lossBound, "loss of step " + s + " off by " + lossGap + ", bound " + lossBound);
            assertTrue(
                    normGap <= gradNormBound,
                    "gradient norm of step " + s + " off by " + normGap + " (relative), bound " + gradNormBound);
            assertTrue(t.get("grad_norm").asDouble() > optimizer.clipNorm(), "clipping is exercised at step " + s);
        }
        JsonNode diff = TestPython.run(
                "optim_reference.py",
                "compare",
                "--a",
                tmp.resolve("java").toString(),
                "--b",
                tmp.resolve("torch").toString());
        JsonNode moved = TestPython.run(
                "optim_reference.py",
                "compare",
                "--a",
                tmp.resolve("initial").toString(),
                "--b",
                tmp.resolve("torch").toString());
        double gap = diff.get("max_abs_diff").asDouble();
        double parameterBound = RoundingBounds.adamWParameter(lrs, 0.9, 0.95, elementError, largestParameter, 2);
        System.out.printf(
                "accuracy: TrainerUpdateReferenceTest losses off by %.3e (at most %.2f of their bounds), gradient norms"
                        + " by %.3e relative (bound %.3e), parameters by %.3e in %s (bound %.3e) after moving %.3e;"
                        + " BLAS core %s%n",
                worstLoss,
                worstLossRatio,
                worstNorm,
                gradNormBound,
                gap,
                diff.get("worst_tensor").asText(),
                parameterBound,
                moved.get("max_abs_diff").asDouble(),
                RoundingBounds.blasCore());
        assertTrue(
                moved.get("max_abs_diff").asDouble() > 100 * gap,
                "the steps moved the weights far more (" + moved.get("max_abs_diff")
                        + ") than Java and PyTorch differ (" + gap + ")");
        assertTrue(
                gap <= parameterBound,
                "Java and PyTorch parameters differ by up to " + gap + " in " + diff.get("worst_tensor") + ", bound "
                        + parameterBound);
    }

    /** The logits' largest spread over the vocabulary on these batches (the scale of their float32 error). */
    private static double logitSpread(ComputationGraph net, List<int[][]> batches) {
        double spread = 0;
        for (int[][] rows : batches) {
            spread = Math.max(
                    spread,
                    RoundingBounds.logitSpread(
                            net.outputSingle(TokenBatches.of(rows).getFeatures(0))));
        }
        return spread;
    }
}
