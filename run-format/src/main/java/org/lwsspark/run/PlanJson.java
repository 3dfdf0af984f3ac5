package org.lwsspark.run;

import java.util.List;

/**
 * The JSON form of a model plan, as {@code ./lws plan --json} prints it, checkpoints store it ({@code plan.json})
 * and {@code run.json} records it: per-layer widths for people and tools without the LWS rules.
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
}
