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

/** The hand-written backward passes against central finite differences, in double precision. */
class GradientCheckTest {

    private static final double STEP = 1e-6;
    private static final double MAX_RELATIVE_ERROR = 1e-3;
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

        Random random = new Random(3);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Layer layer : net.getLayers()) {
            String layerName = layer.conf().getLayer().getLayerName();
            for (Map.Entry<String, INDArray> param : layer.paramTable().entrySet()) {
                INDArray values = param.getValue();
                INDArray analytic = net.gradient()
                        .getGradientFor(layerName + "_" + param.getKey())
                        .dup();
                List<Long> indices = sampleIndices(layerName, param.getKey(), values, random);
                for (long i : indices) {
                    double original = values.getDouble(i);
                    values.putScalar(i, original + STEP);
                    double plus = net.score(batch, false);
                    values.putScalar(i, original - STEP);
                    double minus = net.score(batch, false);
                    values.putScalar(i, original);
                    double numeric = (plus - minus) / (2 * STEP);
                    double a = analytic.getDouble(i);
                    double scale = Math.abs(a) + Math.abs(numeric);
                    double error = scale < 1e-9 ? 0 : Math.abs(a - numeric) / scale;
                    checked++;
                    if (error > MAX_RELATIVE_ERROR) {
                        failures.add(String.format(
                                "%s.%s[%d]: analytic %.8g numeric %.8g (rel %.2e)",
                                layerName, param.getKey(), i, a, numeric, error));
                    }
                }
            }
        }
        assertTrue(checked > 100, "checked only " + checked + " parameters");
        assertTrue(
                failures.isEmpty(),
                failures.size() + " of " + checked + " gradients off:\n" + String.join("\n", failures));
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
