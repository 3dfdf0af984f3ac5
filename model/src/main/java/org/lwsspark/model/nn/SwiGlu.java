package org.lwsspark.model.nn;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The SwiGLU feed-forward network {@code w2(silu(w1 x) * w3 x)}, forward and backward. w1 and w3 are one fused
 * parameter {@code w13 = [w1 | w3]} so that both projections are one matrix product.
 */
final class SwiGlu {

    static final String W13 = "w13";
    static final String W2 = "w2";

    private final int hidden;

    /** The input and the two projections; silu and the product are cheaper to recompute than to keep. */
    private record Cache(INDArray x, INDArray gate, INDArray up) {}

    private Cache cache;

    SwiGlu(int hidden) {
        this.hidden = hidden;
    }

    /** @param x [n, d]; @param retainer where to keep what backward needs, null for inference; @return [n, d] */
    INDArray forward(INDArray x, Map<String, INDArray> params, Retainer retainer) {
        INDArray gate = ColumnBlocks.times(x, params.get(W13), 0, hidden);
        INDArray up = ColumnBlocks.times(x, params.get(W13), hidden, hidden);
        INDArray activated = gate.mul(Transforms.sigmoid(gate, true)).muli(up);
        if (retainer != null) {
            cache = new Cache(retainer.keep(x), retainer.keep(gate), retainer.keep(up));
        }
        return Nd4j.gemm(activated, params.get(W2), false, false);
    }

    /** @param dOut [n, d]; @return the gradient of x, [n, d] */
    INDArray backward(INDArray dOut, Map<String, INDArray> params, Map<String, INDArray> grads) {
        Cache c = cache;
        if (c == null) {
            throw new IllegalStateException("feed-forward backward without a training forward pass");
        }
        cache = null;
        INDArray sigmoid = Transforms.sigmoid(c.gate(), true);
        INDArray silu = c.gate().mul(sigmoid);
        Nd4j.gemm(silu.mul(c.up()), dOut, grads.get(W2), true, false, 1.0, 0.0);
        INDArray dActivated = Nd4j.gemm(dOut, params.get(W2), false, true);
        INDArray dUp = dActivated.mul(silu);
        // silu'(u) = s + u * s * (1 - s) = s * (1 + u * (1 - s))
        INDArray siluGrad = sigmoid.rsub(1.0).muli(c.gate()).addi(1.0).muli(sigmoid);
        INDArray dGate = dActivated.muli(c.up()).muli(siluGrad);
        INDArray dProjected = Nd4j.concat(1, dGate, dUp);
        Nd4j.gemm(c.x(), dProjected, grads.get(W13), true, false, 1.0, 0.0);
        return Nd4j.gemm(dProjected, params.get(W13), false, true);
    }

    void clear() {
        cache = null;
    }
}
