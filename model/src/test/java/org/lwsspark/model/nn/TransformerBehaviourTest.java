package org.lwsspark.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.lwsspark.model.optim.OptimizerConfig;
import org.lwsspark.model.plan.LayerPlan;
import org.lwsspark.model.plan.ModelPlan;
import org.lwsspark.model.plan.Presets;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

class TransformerBehaviourTest {

    @Test
    void changingALaterTokenChangesNoEarlierOutput() {
        ModelPlan plan = TestModels.heterogeneous();
        ComputationGraph net = LwsTransformer.build(plan, OptimizerConfig.paper(), 1, DataType.DOUBLE);
        int time = 9;
        INDArray tokens = TestModels.tokens(1, time, plan.size().vocabSize(), 5, DataType.DOUBLE);
        INDArray before = net.outputSingle(tokens).dup();
        for (int changed = 1; changed < time; changed++) {
            INDArray edited = tokens.dup();
            edited.putScalar(
                    0, changed, (tokens.getDouble(0, changed) + 1) % plan.size().vocabSize());
            INDArray after = net.outputSingle(edited);
            for (int t = 0; t < time; t++) {
                double diff = after.get(NDArrayIndex.point(0), NDArrayIndex.point(t), NDArrayIndex.all())
                        .sub(before.get(NDArrayIndex.point(0), NDArrayIndex.point(t), NDArrayIndex.all()))
                        .amaxNumber()
                        .doubleValue();
                if (t < changed) {
                    assertEquals(0.0, diff, 0.0, "token " + changed + " leaked into position " + t);
                } else if (t == changed) {
                    assertTrue(diff > 1e-6, "position " + t + " must see its own token");
                }
            }
        }
    }

    @Test
    void lossAtInitialisationIsNearLnV() {
        ModelPlan plan = Presets.builtIn().plan("crown-18", "tiny");
        ComputationGraph net = LwsTransformer.build(plan, OptimizerConfig.paper(), 42, DataType.FLOAT);
        int vocab = plan.size().vocabSize();
        MultiDataSet batch = new MultiDataSet(
                TestModels.tokens(2, 64, vocab, 1, DataType.FLOAT), TestModels.tokens(2, 64, vocab, 2, DataType.FLOAT));
        double loss = net.score(batch, false);
        assertEquals(Math.log(vocab), loss, 0.1, "init loss " + loss + " vs ln V " + Math.log(vocab));
    }

    @Test
    void overfitsOneFixedBatch() {
        ModelPlan plan = TestModels.heterogeneous();
        ComputationGraph net = LwsTransformer.build(
                plan.withSize(plan.size().withInitStd(0.02)),
                OptimizerConfig.paper().withLearningRate(1e-2),
                3,
                DataType.FLOAT);
        int vocab = plan.size().vocabSize();
        INDArray tokens = TestModels.tokens(2, 16, vocab, 7, DataType.FLOAT);
        INDArray targets = TestModels.tokens(2, 16, vocab, 8, DataType.FLOAT);
        MultiDataSet batch = new MultiDataSet(tokens, targets);
        double first = net.score(batch, false);
        for (int step = 0; step < 300 && net.score(batch, false) >= 0.05; step++) {
            net.fit(batch);
        }
        double last = net.score(batch, false);
        assertTrue(first > 3.0, "starts near ln V: " + first);
        assertTrue(last < 0.1, "loss after training on one batch: " + last);
    }

    @Test
    void parameterCountEqualsTheFormula() {
        for (String profile : new String[] {"crown-18", "vanilla-12", "isotropic-18"}) {
            ModelPlan plan = Presets.builtIn().plan(profile, "tiny");
            ComputationGraph net = LwsTransformer.build(plan, OptimizerConfig.paper(), 1, DataType.FLOAT);
            assertEquals(plan.totalParams(), net.numParams(), profile);
            for (LayerPlan layer : plan.layers()) {
                assertEquals(
                        layer.params(),
                        net.getLayer("block" + layer.index()).numParams(),
                        profile + " block " + layer.index());
            }
        }
    }

    @Test
    void configurationSurvivesJsonFieldByField() {
        ModelPlan plan = Presets.builtIn().plan("crown-18", "tiny");
        ComputationGraphConfiguration conf =
                LwsTransformer.configuration(plan, OptimizerConfig.paper(), 9, DataType.FLOAT);
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        for (LayerPlan layer : plan.layers()) {
            TransformerBlock block = block(back, layer.index());
            assertEquals(layer.dModel(), block.getModelWidth());
            assertEquals(layer.headDim(), block.getHeadDim());
            assertEquals(layer.qHeads(), block.getQueryHeads());
            assertEquals(layer.kvHeads(), block.getKeyValueHeads());
            assertEquals(layer.ffnHidden(), block.getFfnHidden());
            assertEquals(plan.size().ropeTheta(), block.getRopeTheta());
            assertEquals(plan.size().normEps(), block.getNormEps());
            assertEquals(plan.size().initStd(), block.getInitStd());
        }
        TransformerBlock changed = TransformerBlock.of(plan.layers().get(1), plan.size());
        changed.setFfnHidden(changed.getFfnHidden() + 1);
        assertNotEquals(TransformerBlock.of(plan.layers().get(1), plan.size()), changed, "equals sees subclass fields");
        LmHead head = (LmHead) layer(back, LwsTransformer.HEAD);
        assertEquals(plan.size().vocabSize(), head.getVocabSize());
        assertEquals(plan.size().dModel(), head.getModelWidth());
        TokenEmbedding embedding = (TokenEmbedding) layer(back, LwsTransformer.EMBEDDING);
        assertEquals(plan.size().vocabSize(), embedding.getVocabSize());
        assertTrue(
                embedding.getRegularizationByParam(TokenEmbedding.WEIGHT).isEmpty(),
                "no weight decay on the embedding");
        assertEquals(
                1,
                block(conf, 3).getRegularizationByParam(SwiGlu.W2).size(),
                "weight decay on the blocks: " + block(conf, 3).getRegularizationByParam(SwiGlu.W2));
        assertEquals(
                1,
                block(back, 3).getRegularizationByParam(SwiGlu.W2).size(),
                "weight decay on the blocks: " + block(back, 3).getRegularizationByParam(SwiGlu.W2));
    }

    private static TransformerBlock block(ComputationGraphConfiguration conf, int i) {
        return (TransformerBlock) layer(conf, "block" + i);
    }

    private static org.deeplearning4j.nn.conf.layers.Layer layer(ComputationGraphConfiguration conf, String name) {
        return ((LayerVertex) conf.getVertices().get(name)).getLayerConf().getLayer();
    }
}
