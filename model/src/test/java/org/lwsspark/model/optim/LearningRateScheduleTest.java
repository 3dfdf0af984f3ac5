package org.lwsspark.model.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.junit.jupiter.api.Test;
import org.lwsspark.model.nn.LwsTransformer;
import org.lwsspark.model.plan.Presets;
import org.nd4j.linalg.api.buffer.DataType;

class LearningRateScheduleTest {

    @Test
    void warmupCosineByHand() {
        LearningRateSchedule s = LearningRateSchedule.warmupCosine(4, 14, 0.1);
        assertEquals(0.25e-3, s.valueAt(0, 1e-3), 1e-15, "first warmup step: peak * 1/4");
        assertEquals(1e-3, s.valueAt(3, 1e-3), 1e-15, "last warmup step reaches the peak");
        assertEquals(1e-3, s.valueAt(4, 1e-3), 1e-15, "the cosine starts at the peak");
        assertEquals(0.55e-3, s.valueAt(9, 1e-3), 1e-15, "halfway: the mean of peak and floor");
        assertEquals(0.1e-3, s.valueAt(14, 1e-3), 1e-15, "the floor at the last step");
        assertEquals(0.1e-3, s.valueAt(20, 1e-3), 1e-15, "and after it");
    }

    @Test
    void constantAndPaper() {
        assertEquals(2e-3, LearningRateSchedule.constant().valueAt(123, 2e-3));
        assertEquals(6e-4, LearningRateSchedule.paper().valueAt(0, 2e-3), "the paper's rate whatever the peak");
        assertEquals(6e-4, OptimizerConfig.paper().learningRateAt(10_000));
    }

    @Test
    void namesAndBadShapes() {
        assertEquals(LearningRateSchedule.Kind.WARMUP_COSINE, LearningRateSchedule.Kind.of("warmup-cosine"));
        assertEquals(
                "unknown learning-rate schedule 'cosine'; known: [constant, paper, warmup-cosine]",
                assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.Kind.of("cosine"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.warmupCosine(10, 5, 0.1));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.warmupCosine(1, 5, 1.5));
    }

    /** Spark ships the network configuration as JSON: the updater and its schedule must survive the trip. */
    @Test
    void adamWithScheduleSurvivesTheConfigurationJson() {
        OptimizerConfig optimizer = OptimizerConfig.paper()
                .withLearningRate(1e-3)
                .withSchedule(LearningRateSchedule.warmupCosine(10, 100, 0.1));
        ComputationGraphConfiguration conf = LwsTransformer.configuration(
                Presets.builtIn().plan("vanilla-12", "tiny"), optimizer, 1, DataType.FLOAT);
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        AdamW updater = (AdamW) ((BaseLayer) ((LayerVertex) back.getVertices().get(LwsTransformer.HEAD))
                        .getLayerConf()
                        .getLayer())
                .getIUpdater();
        for (int step : new int[] {0, 9, 10, 55, 100}) {
            assertEquals(optimizer.learningRateAt(step), updater.getLearningRate(step, 0), 1e-18, "step " + step);
        }
        assertEquals(optimizer.updater(), updater);
    }
}
