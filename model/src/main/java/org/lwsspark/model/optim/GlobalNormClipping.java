package org.lwsspark.model.optim;

import java.io.Serializable;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Clipping of the global gradient norm, as {@code torch.nn.utils.clip_grad_norm_}: the L2 norm over every parameter's
 * gradient, and when it exceeds {@code maxNorm} every gradient is scaled by {@code maxNorm / (norm + 1e-6)}.
 *
 * <p>DL4J clips only per layer or per parameter ({@code GradientNormalization}). This runs as a training listener
 * because {@code onGradientCalculation} is the one point of DL4J's step that sees the whole flat gradient after
 * backprop and before the updater. The network must be built with {@code miniBatch(false)} (as
 * {@link org.lwsspark.model.nn.LwsTransformer} does): otherwise DL4J divides the gradient by the batch size after
 * this point, and the norm clipped here would not be the norm of the gradient Adam sees.
 *
 * <p>It is serialisable so that Spark can ship it to the executors with the training master's listeners.
 */
public final class GlobalNormClipping extends BaseTrainingListener implements Serializable {

    /** torch's {@code clip_grad_norm_} adds this to the norm before dividing. */
    static final double EPS = 1e-6;

    private final double maxNorm;
    private final StepObserver observer;

    /** Sees each step's loss and global gradient norm (before clipping), e.g. to log them. */
    @FunctionalInterface
    public interface StepObserver extends Serializable {
        /** @param step the 0-based optimizer step the gradient is for */
        void onStep(int step, double loss, double gradientNorm);
    }

    /**
     * @param maxNorm  the largest norm let through (0: observe only, never clip)
     * @param observer told every step's loss and norm; may be null
     */
    public GlobalNormClipping(double maxNorm, StepObserver observer) {
        if (!(maxNorm >= 0)) {
            throw new IllegalArgumentException("clip norm must not be negative, got " + maxNorm);
        }
        this.maxNorm = maxNorm;
        this.observer = observer;
    }

    @Override
    public void onGradientCalculation(Model model) {
        INDArray gradient = model.gradient().gradient();
        double norm = gradient.norm2Number().doubleValue();
        double scale = maxNorm / (norm + EPS);
        if (maxNorm > 0 && scale < 1) {
            gradient.muli(scale);
        }
        if (observer != null) {
            observer.onStep(((ComputationGraph) model).getIterationCount(), model.score(), norm);
        }
    }

    public double maxNorm() {
        return maxNorm;
    }
}
