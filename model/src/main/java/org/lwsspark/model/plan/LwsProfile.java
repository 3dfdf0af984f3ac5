package org.lwsspark.model.plan;

import java.util.List;

/**
 * A layer-wise scaling profile: how the FFN (beta) and attention (alpha) multipliers vary over the depth.
 *
 * @param name   preset name, e.g. {@code crown-18}
 * @param layers number of transformer blocks N
 * @param beta   FFN multiplier knots (2 or 3), relative to d_model
 * @param alpha  attention (query width) multiplier knots (2 or 3), relative to d_model
 * @param framed whether the first and last block are overwritten with beta 4.0, alpha 1.0
 */
public record LwsProfile(String name, int layers, List<Double> beta, List<Double> alpha, boolean framed) {

    public LwsProfile {
        beta = List.copyOf(beta);
        alpha = List.copyOf(alpha);
        if (layers < 1) {
            throw new IllegalArgumentException("profile " + name + ": layers must be at least 1, got " + layers);
        }
        checkKnots(name, "beta", beta);
        checkKnots(name, "alpha", alpha);
        if (framed && layers < 3) {
            throw new IllegalArgumentException("profile " + name + ": a framed profile needs at least 3 layers");
        }
    }

    private static void checkKnots(String name, String what, List<Double> knots) {
        if (knots.size() != 2 && knots.size() != 3) {
            throw new IllegalArgumentException(
                    "profile " + name + ": " + what + " needs 2 or 3 knots, got " + knots.size() + " " + knots);
        }
        for (double k : knots) {
            if (!(k > 0) || Double.isInfinite(k)) {
                throw new IllegalArgumentException(
                        "profile " + name + ": " + what + " knots must be positive, got " + knots);
            }
        }
    }
}
