package org.lwsspark.model.plan;

import java.util.List;

/** A resolved model: the profile and size it came from and the widths of every block. */
public record ModelPlan(LwsProfile profile, ModelSize size, List<LayerPlan> layers) {

    public ModelPlan {
        layers = List.copyOf(layers);
    }

    /** The same widths at other size constants (init, epsilon, ...); the widths are not recomputed. */
    public ModelPlan withSize(ModelSize newSize) {
        return new ModelPlan(profile, newSize, layers);
    }

    public int depth() {
        return layers.size();
    }

    public long embeddingParams() {
        return (long) size.vocabSize() * size.dModel();
    }

    /** The LM head (untied) plus the final RMSNorm before it. */
    public long headParams() {
        return (long) size.vocabSize() * size.dModel() + size.dModel();
    }

    public long blockParams() {
        return layers.stream().mapToLong(LayerPlan::params).sum();
    }

    /** Spec §1: V*d + sum of blocks + V*d + d. */
    public long totalParams() {
        return embeddingParams() + blockParams() + headParams();
    }

    /** The blocks and the final norm: everything but the V x d embedding and LM head matrices. */
    public long nonEmbeddingParams() {
        return blockParams() + size.dModel();
    }
}
