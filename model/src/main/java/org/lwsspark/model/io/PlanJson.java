package org.lwsspark.model.io;

import java.util.List;
import org.lwsspark.model.plan.ModelPlan;

/**
 * The JSON form of a plan, as {@code ./lws plan --json} prints it and checkpoints store it.
 *
 * @param profile             profile name
 * @param size                size name
 * @param layers              per-layer widths and parameter counts
 * @param totalParams         all parameters
 * @param nonEmbeddingParams  all but the embedding and LM head matrices
 */
public record PlanJson(String profile, String size, List<Layer> layers, long totalParams, long nonEmbeddingParams) {

    /** One block. */
    public record Layer(int index, double alpha, double beta, int qHeads, int kvHeads, int ffnHidden, long params) {}

    public static PlanJson of(ModelPlan plan) {
        return new PlanJson(
                plan.profile().name(),
                plan.size().name(),
                plan.layers().stream()
                        .map(l -> new Layer(
                                l.index(), l.alpha(), l.beta(), l.qHeads(), l.kvHeads(), l.ffnHidden(), l.params()))
                        .toList(),
                plan.totalParams(),
                plan.nonEmbeddingParams());
    }
}
