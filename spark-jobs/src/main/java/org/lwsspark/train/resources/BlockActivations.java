package org.lwsspark.train.resources;

import org.lwsspark.model.plan.LayerPlan;

/**
 * The float32 values one transformer block ({@code model/.../nn/TransformerBlockLayer}) holds during a training step
 * of {@code batch} rows of {@code seqLen} tokens, counted from the code, array by array. Below, n = batch x seqLen
 * rows, d the model width, q and kv the query and key/value widths, f the FFN width, H the query heads, T the
 * sequence length, g = H / kv heads.
 *
 * @param retained            what the block keeps for its backward pass in DL4J's activations workspace (copies
 *                            made by {@code Retainer.keep}) plus its output: n(4d + 3q + 3kv + 2f + 4) + B H T^2
 * @param attentionProbs      of {@code retained}, the softmax probabilities [B, H, T, T]
 * @param forwardWorking      everything the forward pass allocates in the per-layer working-memory workspace
 * @param backwardWorking     everything the backward pass allocates there
 * @param tables              the RoPE tables and the causal bias [g T, T], kept across steps outside workspaces
 */
record BlockActivations(long retained, long attentionProbs, long forwardWorking, long backwardWorking, long tables) {

    static BlockActivations of(LayerPlan layer, int batch, int seqLen) {
        long n = (long) batch * seqLen;
        long d = layer.dModel();
        long q = layer.qDim();
        long kv = layer.kvDim();
        long f = layer.ffnHidden();
        long t = seqLen;
        long hd = layer.headDim();
        long probs = (long) batch * layer.qHeads() * t * t;
        long group = layer.qHeads() / layer.kvHeads();

        // CausalSelfAttention keeps q and k normalised (+ their 1/rms), q and k rotated, v, the probabilities and
        // the merged heads (its input x is the previous layer's output, already in the workspace: not copied);
        // SwiGlu keeps its input h, gate and up; the two output norms keep x-hat and 1/rms; the output itself.
        long retained = n * (4 * d + 3 * q + 3 * kv + 2 * f + 4) + probs;

        // Forward: the contiguous copies of the fused weights' column blocks (ColumnBlocks), 8 arrays of n x q and
        // 8 of n x kv (projection, x-hat, norm output, head split, RoPE swap and result, P.V and head merge), the
        // scores (softmax in place), 8 of n x d (attention output, its norm's x-hat and output, h, FFN output, its
        // norm's x-hat and output, the block output), gate, up, sigmoid and silu * up (n x f each), and the four
        // norms' row statistics (1/rms is computed in place: n each).
        long forward = d * (q + 2 * kv + 2 * f) + 8 * n * q + 8 * n * kv + probs + 8 * n * d + 4 * n * f + 4 * n;

        // Backward: 9 of n x d (two norm backwards of 3 each, the FFN's input gradient, dH, the attention's input
        // gradient), 8 of n x f (sigmoid, silu, silu * up, dActivated, dUp, 1 - sigmoid, and the concatenated
        // [dGate | dUp]), 10 of n x q and 11 of n x kv (head splits and merges, inverse RoPE, the QK-norm
        // backwards, dV, the concatenated dQKV), dProbs and dProbs * probs ([B, H, T, T] each), the row sums
        // [B, H, T], and the norms' reductions.
        long backward = 9 * n * d
                + 8 * n * f
                + 10 * n * q
                + 11 * n * kv
                + 2 * probs
                + (long) batch * layer.qHeads() * t
                + 4 * n
                + 2 * d
                + q
                + kv;

        long tables = group * t * t + 2 * t * hd + hd * hd;
        return new BlockActivations(retained, probs, forward, backward, tables);
    }
}
