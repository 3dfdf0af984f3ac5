package org.lwsspark.report;

/**
 * The exponential moving average the training-loss charts are smoothed with, bias-corrected as TensorBoard's
 * smoothing is: a plain EMA started at 0 (or at the first value) drags the start of a falling loss curve toward
 * its first, highest, point. Each value is weighted by the rows before it, never after, so a curve does not show
 * a fall before it happened.
 */
final class Ema {

    private Ema() {}

    /**
     * {@code s[t] = m[t] / (1 - weight^(t+1))} where {@code m[t] = weight * m[t-1] + (1 - weight) * y[t]} and
     * {@code m[-1] = 0}: the mean of {@code y[0..t]} weighted by {@code weight^(t-k)}. {@code weight} 0 returns
     * the values as they are.
     */
    static double[] smooth(double[] y, double weight) {
        if (!(weight >= 0 && weight < 1)) {
            throw new IllegalArgumentException("EMA weight must be in [0, 1), got " + weight);
        }
        double[] s = new double[y.length];
        double m = 0;
        double decay = 1; // weight^(t+1)
        for (int t = 0; t < y.length; t++) {
            m = weight * m + (1 - weight) * y[t];
            decay *= weight;
            s[t] = m / (1 - decay);
        }
        return s;
    }
}
