package org.lwsspark.model.plan;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The layer-wise scaling rules of the specification, §2, as the paper's training code applies them (the code
 * wins over the prose there: only the code reproduces the published parameter counts).
 */
public final class LwsRules {

    /** Multipliers of the first and last block of a framed profile. */
    public static final double FRAME_BETA = 4.0;

    public static final double FRAME_ALPHA = 1.0;

    private LwsRules() {}

    /** Resolves a profile at a size into per-layer widths. */
    public static ModelPlan plan(LwsProfile profile, ModelSize size) {
        int n = profile.layers();
        double[] beta = interpolate(profile.beta(), n);
        double[] alpha = interpolate(profile.alpha(), n);
        if (profile.framed()) {
            beta[0] = FRAME_BETA;
            beta[n - 1] = FRAME_BETA;
            alpha[0] = FRAME_ALPHA;
            alpha[n - 1] = FRAME_ALPHA;
        }
        List<LayerPlan> layers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int ffn = makeDivisible(beta[i] * size.dModel(), size.ffnMultiple());
            int qDim = makeDivisible(alpha[i] * size.dModel(), size.queryMultiple());
            int qHeads = qDim / size.headDim();
            layers.add(new LayerPlan(
                    i, alpha[i], beta[i], qHeads, qHeads / size.gqaGroup(), ffn, size.headDim(), size.dModel()));
        }
        return new ModelPlan(profile, size, layers);
    }

    /**
     * Per-layer multipliers from 2 or 3 knots.
     *
     * <p>Two knots: {@code linspace(s, e, n)}, each value rounded to 2 decimals. Three knots, n even: piecewise
     * linear through x = [0, n/2-1, n/2, n-1], y = [s, m, m, s] (the paper's code reuses s at the end, and so do
     * we); n odd: x = [0, (n-1)/2, n-1], y = [s, m, e]. Three-knot values are not rounded.
     */
    static double[] interpolate(List<Double> knots, int n) {
        double s = knots.get(0);
        if (knots.size() == 2) {
            double e = knots.get(1);
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = round2(linspace(s, e, n, i));
            }
            return out;
        }
        double m = knots.get(1);
        if (n == 1) {
            return new double[] {s};
        }
        double[] xs;
        double[] ys;
        if (n % 2 == 0) {
            xs = new double[] {0, n / 2 - 1, n / 2, n - 1};
            ys = new double[] {s, m, m, s};
        } else {
            xs = new double[] {0, (n - 1) / 2, n - 1};
            ys = new double[] {s, m, knots.get(2)};
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = interp(i, xs, ys);
        }
        return out;
    }

    /** numpy.linspace: start + i * step, with the last point exactly the stop value. */
    private static double linspace(double start, double stop, int n, int i) {
        if (n == 1) {
            return start;
        }
        if (i == n - 1) {
            return stop;
        }
        double step = (stop - start) / (n - 1);
        return start + i * step;
    }

    /** numpy.interp for x inside [xs[0], xs[last]]. */
    private static double interp(double x, double[] xs, double[] ys) {
        for (int j = 0; j < xs.length - 1; j++) {
            if (x <= xs[j + 1]) {
                double span = xs[j + 1] - xs[j];
                if (span == 0) {
                    return ys[j + 1];
                }
                return ys[j] + (x - xs[j]) * (ys[j + 1] - ys[j]) / span;
            }
        }
        return ys[ys.length - 1];
    }

    /** Python's round(x, 2): correctly rounded from the exact binary value, ties to even. */
    static double round2(double x) {
        return new BigDecimal(x).setScale(2, RoundingMode.HALF_EVEN).doubleValue();
    }

    /**
     * {@code d} if {@code v < d}; otherwise v rounded to the nearest multiple of d, plus d when that falls to 90%
     * of v or below (never shrink a layer by more than 10%).
     */
    public static int makeDivisible(double v, int d) {
        if (v < d) {
            return d;
        }
        double r = Math.floor((v + d / 2.0) / d) * d;
        if (r <= 0.9 * v) {
            r += d;
        }
        return Math.toIntExact((long) r);
    }
}
