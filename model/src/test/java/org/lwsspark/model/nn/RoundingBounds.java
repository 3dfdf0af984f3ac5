package org.lwsspark.model.nn;

import org.lwsspark.model.plan.LayerPlan;
import org.lwsspark.model.plan.ModelPlan;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How far a float32 (or float64) computation of the network may be from the exact one, derived from the arithmetic rather than
 * from one machine's measurement, so that a tolerance holds on every BLAS kernel {@code conf/cpu-env.sh} may pick
 * (SkylakeX, Haswell, or OpenBLAS's fallback when it recognises neither): they sum in different orders, in blocks
 * of different sizes, with or without FMA.
 *
 * <p>The model of rounding: a sum of {@code K} float32 terms is off by at most {@code LAMBDA * sqrt(K) * u} times
 * the size of its partial sums, {@code u = 2^-24}. This is Higham and Mary's probabilistic bound ("A new approach
 * to probabilistic rounding error analysis", SIAM J. Sci. Comput. 41, 2019): it assumes only that the rounding
 * errors are mean-independent, so it holds for any order and blocking of the sum and with FMA (which rounds less),
 * and it fails with probability at most {@code 2 exp(-LAMBDA^2 / 2)} per sum (3e-8 for 6). The deterministic
 * bound {@code K * u} holds always but is {@code sqrt(K)} times looser (14x at d = 192): it would pass a 1e-3 error
 * in one weight unnoticed.
 *
 * <p>Through the network: every block ends in an RMSNorm (OLMo-2's reordered norms), which passes the relative
 * error of its input through unchanged in size, so the relative error of the final hidden state collects the
 * reductions of every block. They are independent, so their variances add: {@code sqrt} of the sum of the
 * reduction lengths on the path ({@link #pathLength}), not the sum of their square roots.
 */
public final class RoundingBounds {

    /** The unit roundoff of float32: half the distance from 1 to the next float. */
    public static final double U = 0x1p-24;

    /** The unit roundoff of float64, for the checks made in double precision. */
    public static final double U64 = 0x1p-53;

    /** The probabilistic bound's multiplier: failure probability {@code 2 exp(-18)}, 3e-8, per sum. */
    public static final double LAMBDA = 6;

    private RoundingBounds() {}

    /** The relative error of a length-{@code k} float32 reduction, against the size of its partial sums. */
    public static double reduction(long k) {
        return reduction(k, U);
    }

    /** The same for a reduction rounded to {@code unitRoundoff} ({@link #U} or {@link #U64}). */
    public static double reduction(long k, double unitRoundoff) {
        return LAMBDA * Math.sqrt(k) * unitRoundoff;
    }

    /**
     * The reduction lengths a logit depends on, summed over the network at sequence length {@code seqLen}: per
     * block the q|k|v projection (d), the QK norms (q and kv widths), the scores (head dim), the softmax and P·V
     * (the sequence), the output projection (q width) and its norm (d); the gate|up projection (d), the down
     * projection (FFN width) and its norm (d); then the final norm and the head (d each).
     */
    public static long pathLength(ModelPlan plan, int seqLen) {
        long d = plan.size().dModel();
        long k = 2 * d;
        for (LayerPlan layer : plan.layers()) {
            k += d + layer.qDim() + layer.kvDim() + layer.headDim() + 2L * seqLen + layer.qDim() + d;
            k += d + layer.ffnHidden() + d;
        }
        return k;
    }

    /**
     * The largest error of a logit computed in float32, against the exact value for the same weights:
     * {@code logitScale} (the size of the logits, or their spread over the vocabulary where a common shift cancels)
     * times the relative error collected along the path. {@code sides} is 1 against a float64 reference and 2
     * against another float32 computation (another kernel, another machine), whose errors add.
     */
    public static double logit(ModelPlan plan, int seqLen, double logitScale, int sides) {
        return sides * logitScale * reduction(pathLength(plan, seqLen));
    }

    /**
     * The largest error of a per-token cross-entropy {@code lse(z) - z[y]} computed in float32. Three parts: the
     * logits' error with their spread as the scale ({@link #logitSpread}), counted twice (in {@code lse} and in
     * {@code z[y]}); the sum of {@code V} exponentials of at most 1 inside {@code lse}; and a few roundings of
     * numbers the size of the loss itself. {@code sides} as in {@link #logit}.
     */
    public static double perTokenLoss(ModelPlan plan, int seqLen, double logitSpread, double maxLoss, int sides) {
        double logSumExp = reduction(plan.size().vocabSize());
        double roundings = 4 * U * maxLoss;
        return 2 * logit(plan, seqLen, logitSpread, sides) + sides * (logSumExp + roundings);
    }

    /**
     * The norm-wise relative error of the gradient of a batch of {@code tokens} tokens: backprop runs the forward
     * path's reductions backwards, and each weight's gradient sums over the batch's tokens.
     */
    public static double gradient(ModelPlan plan, int seqLen, int tokens) {
        return reduction(pathLength(plan, seqLen) + tokens);
    }

    /**
     * The size of Adam's direction {@code m^/(sqrt(v^) + eps)} at step {@code t} (from 1), whatever the gradients:
     * Cauchy-Schwarz on the sums that make m and v gives
     * {@code (1 - b1) / (1 - b1^t) * sqrt((1 - b2^t) / (1 - b2)) * sqrt(sum_{j<t} (b1^2 / b2)^j)}; 1 at t = 1.
     */
    public static double adamDirection(double beta1, double beta2, int t) {
        double geometric = 0;
        for (int j = 0; j < t; j++) {
            geometric += Math.pow(beta1 * beta1 / beta2, j);
        }
        return (1 - beta1)
                / (1 - Math.pow(beta1, t))
                * Math.sqrt((1 - Math.pow(beta2, t)) / (1 - beta2))
                * Math.sqrt(geometric);
    }

    /**
     * The largest difference of one parameter after AdamW steps with learning rates {@code lrs}, two float32
     * implementations ({@code sides} 2) or one against float64 (1). Per step: the direction, of size at most
     * {@link #adamDirection}, moves by at most twice the relative error of the gradient element (numerator and
     * denominator), {@code elementError}; and the update rounds three times (decay, two subtractions) at the size of
     * the largest parameter. Not covered: an element whose gradient cancels to far below the gradient's typical
     * element (Adam divides by the element's own size, so its step can change by up to {@code 2 lr}); and the
     * second-order effect of earlier differences on later gradients.
     */
    public static double adamWParameter(
            double[] lrs, double beta1, double beta2, double elementError, double maxParam, int sides) {
        double sum = 0;
        for (int s = 0; s < lrs.length; s++) {
            sum += lrs[s] * 2 * adamDirection(beta1, beta2, s + 1) * elementError + 3 * U * maxParam;
        }
        return sides * sum;
    }

    /**
     * The scale of the logits' error: the largest standard deviation over the vocabulary of logits {@code [..., V]}
     * (one row per position). The spread, not the size: a shift common to a row cancels in the loss.
     */
    public static double logitSpread(INDArray logits) {
        INDArray rows = logits.reshape(logits.length() / logits.size(-1), logits.size(-1));
        return rows.std(false, 1).maxNumber().doubleValue();
    }

    /** The OpenBLAS kernel asked for ({@code OPENBLAS_CORETYPE}, as {@code conf/cpu-env.sh} sets it), for the log. */
    public static String blasCore() {
        String core = System.getenv("OPENBLAS_CORETYPE");
        return core == null || core.isEmpty() ? "OpenBLAS's own choice" : core;
    }
}
