package org.lwsspark.model.plan;

/**
 * The widths of one transformer block.
 *
 * @param index     block index, 0 = nearest the embedding
 * @param alpha     attention multiplier after interpolation and framing
 * @param beta      FFN multiplier after interpolation and framing
 * @param qHeads    query heads
 * @param kvHeads   key/value heads (qHeads / gqaGroup)
 * @param ffnHidden SwiGLU hidden width
 * @param headDim   width of each head
 * @param dModel    residual stream width
 */
public record LayerPlan(
        int index, double alpha, double beta, int qHeads, int kvHeads, int ffnHidden, int headDim, int dModel) {

    public int qDim() {
        return qHeads * headDim;
    }

    public int kvDim() {
        return kvHeads * headDim;
    }

    /** w_q, w_k, w_v, w_out and the two QK-norm weights. */
    public long attentionParams() {
        long d = dModel;
        return d * qDim() + 2 * d * kvDim() + (long) qDim() * d + qDim() + kvDim();
    }

    /** w1, w3 (d to ffn) and w2 (ffn to d). */
    public long ffnParams() {
        return 3L * dModel * ffnHidden;
    }

    /** The two reordered RMSNorms on the sublayer outputs. */
    public long normParams() {
        return 2L * dModel;
    }

    public long params() {
        return attentionParams() + ffnParams() + normParams();
    }
}
