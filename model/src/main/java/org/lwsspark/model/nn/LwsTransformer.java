package org.lwsspark.model.nn;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.lwsspark.model.optim.OptimizerConfig;
import org.lwsspark.model.plan.LayerPlan;
import org.lwsspark.model.plan.ModelPlan;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.regularization.WeightDecay;

/**
 * Builds the transformer of a {@link ModelPlan} as a DL4J {@link ComputationGraph}:
 * {@code tokens -> embed -> block0 -> ... -> block(N-1) -> head}.
 *
 * <p>Input: token ids {@code [batch, time]}; labels: next-token ids {@code [batch, time]}; output: logits
 * {@code [batch, time, V]}.
 */
public final class LwsTransformer {

    public static final String INPUT = "tokens";
    public static final String EMBEDDING = "embed";
    public static final String HEAD = "head";

    private LwsTransformer() {}

    public static ComputationGraphConfiguration configuration(
            ModelPlan plan, OptimizerConfig optimizer, long seed, DataType dataType) {
        ComputationGraphConfiguration.GraphBuilder graph = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType)
                .updater(optimizer.updater())
                // The loss is already the mean over the batch's tokens: DL4J's default would divide the gradient by
                // the batch size again, after global clipping (GlobalNormClipping) has seen it.
                .miniBatch(false)
                // Workspaces reuse memory across steps; the layers keep backprop state in the activations one.
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder()
                .addInputs(INPUT)
                .addLayer(EMBEDDING, TokenEmbedding.of(plan.size()), INPUT);
        String previous = EMBEDDING;
        for (LayerPlan layer : plan.layers()) {
            TransformerBlock block = withWeightDecay(TransformerBlock.of(layer, plan.size()), optimizer);
            graph.addLayer(block.getLayerName(), block, previous);
            previous = block.getLayerName();
        }
        return graph.addLayer(HEAD, withWeightDecay(LmHead.of(plan.size()), optimizer), previous)
                .setOutputs(HEAD)
                .build();
    }

    /**
     * Decoupled weight decay, set layer by layer: the global {@code NeuralNetConfiguration.Builder.weightDecay}
     * of DL4J 1.0.0-M2.1 puts it into each layer's list twice (decaying at twice the rate). The list is a mutable
     * one: Kryo, which Spark uses for the broadcast configuration on a cluster, cannot rebuild a {@code List.of}.
     */
    private static <L extends LwsLayerConfig> L withWeightDecay(L layer, OptimizerConfig optimizer) {
        if (optimizer.weightDecay() > 0) {
            layer.setRegularization(new ArrayList<>(List.of(new WeightDecay(optimizer.weightDecay(), true))));
        }
        return layer;
    }

    /** A freshly initialised network. */
    public static ComputationGraph build(ModelPlan plan, OptimizerConfig optimizer, long seed, DataType dataType) {
        ComputationGraph net = new ComputationGraph(configuration(plan, optimizer, seed, dataType));
        net.init();
        return net;
    }
}
