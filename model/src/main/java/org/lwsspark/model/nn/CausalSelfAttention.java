package org.lwsspark.model.nn;

import java.util.Map;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Causal grouped-query attention with QK-norm and RoPE, forward and backward (spec §1).
 *
 * <p>q, k and v come from one fused projection {@code wqkv = [w_q | w_k | w_v]}. QK-norm is an RMSNorm over the
 * whole projected q (and k) before the split into heads. Query head h reads key/value head h / group; the
 * {@code group} query heads that share a KV head are stacked along the time axis ({@code [B, Hkv, group*T, hd]}),
 * so one batched matmul serves them all without copying K and V.
 */
final class CausalSelfAttention {

    static final String WQKV = "wqkv";
    static final String WO = "wo";
    static final String QNORM = "qnorm";
    static final String KNORM = "knorm";

    private final int headDim;
    private final int qHeads;
    private final int kvHeads;
    private final double ropeTheta;
    private final double normEps;
    private Rope rope;
    private INDArray causalBias;

    /** Forward state kept for the backward pass. */
    private record Cache(
            INDArray x,
            int batch,
            int time,
            RmsNorm.Forward q,
            RmsNorm.Forward k,
            INDArray qRot,
            INDArray kRot,
            INDArray v,
            INDArray probs,
            INDArray merged) {}

    private Cache cache;

    CausalSelfAttention(int headDim, int qHeads, int kvHeads, double ropeTheta, double normEps) {
        this.headDim = headDim;
        this.qHeads = qHeads;
        this.kvHeads = kvHeads;
        this.ropeTheta = ropeTheta;
        this.normEps = normEps;
    }

    private int group() {
        return qHeads / kvHeads;
    }

    private long qDim() {
        return (long) qHeads * headDim;
    }

    private long kvDim() {
        return (long) kvHeads * headDim;
    }

    /**
     * @param x        [B*T, d]
     * @param retainer where to keep what backward needs; null for inference
     * @return the attention output before its norm, [B*T, d]
     */
    INDArray forward(INDArray x, int batch, int time, Map<String, INDArray> params, Retainer retainer) {
        prepareTables(time, x);
        INDArray wqkv = params.get(WQKV);
        RmsNorm.Forward q = RmsNorm.forward(ColumnBlocks.times(x, wqkv, 0, qDim()), params.get(QNORM), normEps);
        RmsNorm.Forward k = RmsNorm.forward(ColumnBlocks.times(x, wqkv, qDim(), kvDim()), params.get(KNORM), normEps);
        INDArray v = toHeads(ColumnBlocks.times(x, wqkv, qDim() + kvDim(), kvDim()), batch, time, kvHeads);

        INDArray qRot = rope.rotate(
                        toHeads(q.output(), batch, time, qHeads).reshape('c', (long) batch * qHeads, time, headDim))
                .reshape('c', batch, kvHeads, (long) group() * time, headDim);
        INDArray kRot = rope.rotate(
                        toHeads(k.output(), batch, time, kvHeads).reshape('c', (long) batch * kvHeads, time, headDim))
                .reshape('c', batch, kvHeads, time, headDim);

        INDArray scores = Nd4j.matmul(qRot, kRot, null, false, true, false).muli(1.0 / Math.sqrt(headDim));
        Broadcast.add(scores, causalBias, scores, 2, 3);
        INDArray probs = Nd4j.exec(new SoftMax(scores, scores, 3))[0];
        INDArray merged = fromHeads(Nd4j.matmul(probs, v), batch, time, qHeads);
        if (retainer != null) {
            cache = new Cache(
                    retainer.keep(x),
                    batch,
                    time,
                    q.retained(retainer),
                    k.retained(retainer),
                    retainer.keep(qRot),
                    retainer.keep(kRot),
                    retainer.keep(v),
                    retainer.keep(probs),
                    retainer.keep(merged));
        }
        return Nd4j.gemm(merged, params.get(WO), false, false);
    }

    /** @param dOut gradient of the attention output, [B*T, d]; @return gradient of x, [B*T, d] */
    INDArray backward(INDArray dOut, Map<String, INDArray> params, Map<String, INDArray> grads) {
        Cache c = cache;
        if (c == null) {
            throw new IllegalStateException("attention backward without a training forward pass");
        }
        cache = null;
        int b = c.batch();
        int t = c.time();
        Nd4j.gemm(c.merged(), dOut, grads.get(WO), true, false, 1.0, 0.0);
        INDArray dMerged = toHeads(Nd4j.gemm(dOut, params.get(WO), false, true), b, t, qHeads)
                .reshape('c', b, kvHeads, (long) group() * t, headDim);

        INDArray dProbs = Nd4j.matmul(dMerged, c.v(), null, false, true, false);
        INDArray dV = Nd4j.matmul(c.probs(), dMerged, null, true, false, false);
        // softmax backward: p * (dp - sum(dp * p)), then the 1/sqrt(hd) scale of the scores
        INDArray rowDot = dProbs.mul(c.probs()).sum(3);
        INDArray dScores =
                Broadcast.sub(dProbs, rowDot, dProbs, 0, 1, 2).muli(c.probs()).muli(1.0 / Math.sqrt(headDim));
        INDArray dQRot = Nd4j.matmul(dScores, c.kRot());
        INDArray dKRot = Nd4j.matmul(dScores, c.qRot(), null, true, false, false);

        INDArray dQ = fromHeads(rope.rotateBack(dQRot.reshape('c', (long) b * qHeads, t, headDim)), b, t, qHeads);
        INDArray dK = fromHeads(rope.rotateBack(dKRot.reshape('c', (long) b * kvHeads, t, headDim)), b, t, kvHeads);
        INDArray dQkv = Nd4j.concat(
                1,
                RmsNorm.backward(c.q(), params.get(QNORM), dQ, grads.get(QNORM)),
                RmsNorm.backward(c.k(), params.get(KNORM), dK, grads.get(KNORM)),
                fromHeads(dV, b, t, kvHeads));
        Nd4j.gemm(c.x(), dQkv, grads.get(WQKV), true, false, 1.0, 0.0);
        return Nd4j.gemm(dQkv, params.get(WQKV), false, true);
    }

    void clear() {
        cache = null;
    }

    private void prepareTables(int time, INDArray like) {
        if (rope != null && rope.length() == time && causalBias.dataType() == like.dataType()) {
            return;
        }
        // Kept across steps: outside DL4J's per-step workspaces.
        try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            rope = new Rope(time, headDim, ropeTheta, like.dataType());
            // Row r of a stacked group is query position r % time; it may not see later keys.
            double[][] bias = new double[group() * time][time];
            for (int r = 0; r < bias.length; r++) {
                for (int key = r % time + 1; key < time; key++) {
                    bias[r][key] = -1e9;
                }
            }
            causalBias = Nd4j.create(bias).castTo(like.dataType());
        }
    }

    /** [B*T, H*hd] to [B, H, T, hd], contiguous. */
    private INDArray toHeads(INDArray m, int batch, int time, int heads) {
        return m.reshape('c', batch, time, heads, headDim).permute(0, 2, 1, 3).dup('c');
    }

    /** [B, H, T, hd] (or the stacked [B, Hkv, group*T, hd]) to [B*T, H*hd], contiguous. */
    private INDArray fromHeads(INDArray m, int batch, int time, int heads) {
        return m.reshape('c', batch, heads, time, headDim)
                .permute(0, 2, 1, 3)
                .dup('c')
                .reshape('c', (long) batch * time, (long) heads * headDim);
    }
}
