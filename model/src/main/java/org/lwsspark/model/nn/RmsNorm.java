package org.lwsspark.model.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** RMSNorm over the rows of a matrix: {@code y = w * x / sqrt(mean(x^2) + eps)}. */
final class RmsNorm {

    /** What the backward pass needs: the normalised input and the per-row 1/rms. */
    record Forward(INDArray output, INDArray normalized, INDArray invRms) {
    }

    private RmsNorm() {
    }

    /** @param x [n, m] (a view is fine); @param weight [1, m] */
    static Forward forward(INDArray x, INDArray weight, double eps) {
        INDArray invRms = Transforms.pow(x.mul(x).mean(true, 1).addi(eps), -0.5, false);
        INDArray normalized = x.mulColumnVector(invRms);
        return new Forward(normalized.mulRowVector(weight), normalized, invRms);
    }

    /**
     * @param dy             gradient of the output, [n, m]
     * @param weightGradient receives the weight's gradient, [1, m]
     * @return the input's gradient, [n, m]
     */
    static INDArray backward(Forward f, INDArray weight, INDArray dy, INDArray weightGradient) {
        weightGradient.assign(dy.mul(f.normalized()).sum(true, 0));
        INDArray dNormalized = dy.mulRowVector(weight);
        // d/dx of x * r(x): r * (g - xhat * mean(g * xhat)), with g the gradient of xhat.
        INDArray projection = dNormalized.mul(f.normalized()).mean(true, 1);
        return dNormalized.subi(f.normalized().mulColumnVector(projection)).muliColumnVector(f.invRms());
    }
}
