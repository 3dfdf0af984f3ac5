package org.lwsspark.model.plan;

import java.util.List;
import org.lwsspark.run.PlanJson;

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

    /**
     * Floating-point operations of one training step per token at a sequence length: 6 per weight of every
     * matrix product (forward, and two in backward) plus the attention products QK^T and PV over the full
     * T x T score matrix (which is what is computed), 3 x 2 x 2 x q_dim x T. The embedding lookup is free.
     */
    public double trainingFlopsPerToken(int seqLen) {
        double d = size.dModel();
        double matmulWeights = d * size.vocabSize();
        double attention = 0;
        for (LayerPlan l : layers) {
            matmulWeights += d * (l.qDim() + 2.0 * l.kvDim()) + l.qDim() * d + 3.0 * d * l.ffnHidden();
            attention += 12.0 * l.qDim() * seqLen;
        }
        return 6 * matmulWeights + attention;
    }

    /** The blocks and the final norm: everything but the V x d embedding and LM head matrices. */
    public long nonEmbeddingParams() {
        return blockParams() + size.dModel();
    }

    /** The form {@code ./lws plan --json} prints, checkpoints store and {@code run.json} records. */
    public PlanJson json() {
        return new PlanJson(
                profile.name(),
                size.name(),
                layers.stream()
                        .map(l -> new PlanJson.Layer(
                                l.index(), l.alpha(), l.beta(), l.qHeads(), l.kvHeads(), l.ffnHidden(), l.params()))
                        .toList(),
                totalParams(),
                nonEmbeddingParams());
    }
}
