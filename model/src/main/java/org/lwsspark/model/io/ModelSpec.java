package org.lwsspark.model.io;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.lwsspark.model.nn.LwsTransformer;
import org.lwsspark.model.optim.OptimizerConfig;
import org.lwsspark.model.plan.LwsProfile;
import org.lwsspark.model.plan.LwsRules;
import org.lwsspark.model.plan.ModelPlan;
import org.lwsspark.model.plan.ModelSize;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Everything that defines a model, resolved: profile (knots), size constants, optimizer, seed and floating type.
 * It is saved with every checkpoint and builds the network it describes.
 */
public record ModelSpec(LwsProfile profile, ModelSize size, OptimizerConfig optimizer, long seed, String dataType) {

    public static ModelSpec of(ModelPlan plan, OptimizerConfig optimizer, long seed, DataType dataType) {
        return new ModelSpec(plan.profile(), plan.size(), optimizer, seed, dataType.name());
    }

    public ModelPlan plan() {
        return LwsRules.plan(profile, size);
    }

    /** A freshly initialised network. */
    public ComputationGraph build() {
        return LwsTransformer.build(plan(), optimizer, seed, DataType.valueOf(dataType));
    }
}
