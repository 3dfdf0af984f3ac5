package org.lwsspark.model.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** RMSNorm over the rows of a matrix: {@code y = w * x / sqrt(mean(x^2) + eps)}. */
final class RmsNorm {

    /** The output and what the backward pass needs: the normalised input and the per-row 1/rms. */
    record Forward(INDArray output, INDArray normalized, INDArray invRms) {
        /** The part the backward pass needs, kept past the forward pass. */
        Forward retained(Retainer retainer) {
            return new Forward(null, retainer.keep(normalized), retainer.keep(invRms));
        }
    }

    private RmsNorm() {}

    /** @param x [n, m] (a view is fine); @param weight [1, m] */
    static Forward forward(INDArray x, INDArray weight, double eps) {
        // mean(x^2) = ||x||^2 / m: one reduction pass, no squared temporary
        INDArray meanSquare = Transforms.pow(x.norm2(true, 1), 2, false).divi(x.size(1));
        INDArray invRms = Transforms.pow(meanSquare.addi(eps), -0.5, false);
        INDArray normalized = x.mulColumnVector(invRms);
        return new Forward(normalized.mulRowVector(weight), normalized, invRms);
    }

    /**
     * @param dy             gradient of the output, [n, m]
     * @param weightGradient receives the weight's gradient, [1, m]
     * @return the input's gradient, [n, m]
     */
    static INDArray backward(Forward f, INDArray weight, INDArray dy, INDArray weightGradient) {
        INDArray dyXhat = dy.mul(f.normalized());
        weightGradient.assign(dyXhat.sum(true, 0));
        // d/dx of x * r(x): r * (g - xhat * mean(g * xhat)), with g = dy * w the gradient of xhat,
        // and g * xhat = (dy * xhat) * w.
        INDArray projection = dyXhat.muliRowVector(weight).mean(true, 1);
        return dy.mulRowVector(weight)
                .subi(f.normalized().mulColumnVector(projection))
                .muliColumnVector(f.invRms());
    }
}
