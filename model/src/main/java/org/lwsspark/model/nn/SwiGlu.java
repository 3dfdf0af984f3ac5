package org.lwsspark.model.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Map;

/**
 * The SwiGLU feed-forward network {@code w2(silu(w1 x) * w3 x)}, forward and backward. w1 and w3 are one fused
 * parameter {@code w13 = [w1 | w3]} so that both projections are one matrix product.
 */
final class SwiGlu {

    static final String W13 = "w13";
    static final String W2 = "w2";

    private final int hidden;

    private record Cache(INDArray x, INDArray gate, INDArray sigmoid, INDArray up, INDArray activated) {
    }

    private Cache cache;

    SwiGlu(int hidden) {
        this.hidden = hidden;
    }

    /** @param x [n, d]; @return [n, d] */
    INDArray forward(INDArray x, Map<String, INDArray> params, boolean keepCache) {
        INDArray projected = x.mmul(params.get(W13));
        INDArray gate = projected.get(NDArrayIndex.all(), NDArrayIndex.interval(0, hidden));
        INDArray up = projected.get(NDArrayIndex.all(), NDArrayIndex.interval(hidden, 2L * hidden));
        INDArray sigmoid = Transforms.sigmoid(gate, true);
        INDArray activated = gate.mul(sigmoid).muli(up);
        if (keepCache) {
            cache = new Cache(x, gate.dup('c'), sigmoid, up.dup('c'), activated);
        }
        return activated.mmul(params.get(W2));
    }

    /** @param dOut [n, d]; @return the gradient of x, [n, d] */
    INDArray backward(INDArray dOut, Map<String, INDArray> params, Map<String, INDArray> grads) {
        Cache c = cache;
        if (c == null) {
            throw new IllegalStateException("feed-forward backward without a training forward pass");
        }
        cache = null;
        grads.get(W2).assign(c.activated().transpose().mmul(dOut));
        INDArray dActivated = dOut.mmul(params.get(W2).transpose());
        INDArray silu = c.gate().mul(c.sigmoid());
        INDArray dUp = dActivated.mul(silu);
        // silu'(u) = s + u * s * (1 - s) = s * (1 + u * (1 - s))
        INDArray siluGrad = c.sigmoid().rsub(1.0).muli(c.gate()).addi(1.0).muli(c.sigmoid());
        INDArray dGate = dActivated.muli(c.up()).muli(siluGrad);
        INDArray dProjected = org.nd4j.linalg.factory.Nd4j.concat(1, dGate, dUp);
        grads.get(W13).assign(c.x().transpose().mmul(dProjected));
        return dProjected.mmul(params.get(W13).transpose());
    }

    void clear() {
        cache = null;
    }
}
