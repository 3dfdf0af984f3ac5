package org.lwsspark.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.lwsspark.model.optim.OptimizerConfig;
import org.lwsspark.model.plan.ModelPlan;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;

/**
 * The hand-written backward passes against central finite differences, in double precision.
 *
 * <p>The allowed difference comes from the two errors of a central difference, not from a relative tolerance
 * (which means nothing for gradients near 0): rounding, the two scores' float64 errors divided by {@code 2 STEP},
 * each score off by {@code LAMBDA sqrt(K) u64 |score|} ({@link RoundingBounds#reduction(long, double)});
 * and truncation, {@code STEP^2 / 6} times the third derivative, estimated by Richardson from the same difference
 * at twice the step ({@code D(2h) - D(h)} is three times D(h)'s truncation), allowed with a factor 2 of slack.
 */
class GradientCheckTest {

    private static final double STEP = 1e-6;
    private static final int SAMPLES_PER_PARAM = 6;

    @Test
    void everyParameterKindMatchesFiniteDifferences() {
        ModelPlan plan = TestModels.heterogeneous();
        ComputationGraph net =
                LwsTransformer.build(plan, OptimizerConfig.paper().withWeightDecay(0), 7, DataType.DOUBLE);
        int vocab = plan.size().vocabSize();
        // Few distinct ids so that rows repeat: the embedding's scatter-add must accumulate them.
        INDArray tokens = TestModels.tokens(2, 7, 5, 11, DataType.DOUBLE);
        INDArray targets = TestModels.tokens(2, 7, vocab, 12, DataType.DOUBLE);
        MultiDataSet batch = new MultiDataSet(tokens, targets);

        net.setInputs(tokens);
        net.setLabels(targets);
        net.computeGradientAndScore();
        double analyticScore = net.score();
        assertEquals(net.score(batch, false), analyticScore, 1e-12, "training and inference forward passes agree");

        // Each score's float64 rounding, through the whole path of reductions (a sequence of 7).
        double scoreError =
                RoundingBounds.reduction(RoundingBounds.pathLength(plan, 7), RoundingBounds.U64) * analyticScore;
        double rounding = 2 * scoreError / (2 * STEP);
        Random random = new Random(3);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        double worstRatio = 0;
        double worstError = 0;
        for (Layer layer : net.getLayers()) {
            String layerName = layer.conf().getLayer().getLayerName();
            for (Map.Entry<String, INDArray> param : layer.paramTable().entrySet()) {
                INDArray values = param.getValue();
                INDArray analytic = net.gradient()
                        .getGradientFor(layerName + "_" + param.getKey())
                        .dup();
                List<Long> indices = sampleIndices(layerName, param.getKey(), values, random);
                for (long i : indices) {
                    double numeric = centralDifference(net, batch, values, i, STEP);
                    double truncation = Math.abs(centralDifference(net, batch, values, i, 2 * STEP) - numeric) / 3;
                    double bound = rounding + 2 * truncation;
                    double a = analytic.getDouble(i);
                    double error = Math.abs(a - numeric);
                    checked++;
                    worstRatio = Math.max(worstRatio, error / bound);
                    worstError = Math.max(worstError, error);
                    if (error > bound) {
                        failures.add(String.format(
                                "%s.%s[%d]: analytic %.10g numeric %.10g (off by %.2e, bound %.2e)",
                                layerName, param.getKey(), i, a, numeric, error, bound));
                    }
                }
            }
        }
        System.out.printf(
                "accuracy: GradientCheckTest %d gradients, |analytic - numeric| max %.3e, at most %.2f of its bound"
                        + " (rounding part %.3e)%n",
                checked, worstError, worstRatio, rounding);
        assertTrue(checked > 100, "checked only " + checked + " parameters");
        assertTrue(
                failures.isEmpty(),
                failures.size() + " of " + checked + " gradients off:\n" + String.join("\n", failures));
    }

    private static double centralDifference(
            ComputationGraph net, MultiDataSet batch, INDArray values, long i, double step) {
        double original = values.getDouble(i);
        values.putScalar(i, original + step);
        double plus = net.score(batch, false);
        values.putScalar(i, original - step);
        double minus = net.score(batch, false);
        values.putScalar(i, original);
        return (plus - minus) / (2 * step);
    }

    /**
     * Random positions, plus for the fused q|k|v projection one column in each of the q, k and v parts, and for
     * the embedding the rows of ids that occur (the others have zero gradient).
     */
    private static List<Long> sampleIndices(String layer, String key, INDArray values, Random random) {
        List<Long> out = new ArrayList<>();
        long rows = values.size(0);
        long cols = values.size(1);
        if (key.equals(TokenEmbedding.WEIGHT)) {
            for (int id = 0; id < 5; id++) {
                out.add(id * cols + random.nextInt((int) cols));
            }
            return out;
        }
        for (int s = 0; s < SAMPLES_PER_PARAM; s++) {
            out.add((long) (random.nextDouble() * rows * cols));
        }
        if (key.equals(CausalSelfAttention.WQKV)) {
            // last column: inside v; first: inside q; a column just before the v part: inside k
            out.add(random.nextInt((int) rows) * cols + cols - 1);
            out.add(random.nextInt((int) rows) * cols);
            out.add(random.nextInt((int) rows) * cols + (cols * 2) / 3);
        }
        return out;
    }
}
