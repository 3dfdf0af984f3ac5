package org.lwsspark.report;

import java.util.List;

/**
 * A value over the seeds of one profile: the mean, and the minimum and maximum as its spread. Min-max rather than
 * a standard deviation: a comparison usually has 2 or 3 seeds, too few for a standard deviation to say more than
 * the range does, and the range is what a reader can check against the per-run table.
 *
 * @param n runs the values come from
 */
public record Spread(int n, double mean, double min, double max) {

    public Spread {
        if (n < 1 || !(min <= mean && mean <= max)) {
            throw new IllegalArgumentException(
                    "spread of " + n + " values: need min <= mean <= max, got " + min + ", " + mean + ", " + max);
        }
    }

    public static Spread of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a spread needs at least one value");
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        // Rounding can put the mean of equal values a hair outside them.
        double mean = Math.min(max, Math.max(min, sum / values.size()));
        return new Spread(values.size(), mean, min, max);
    }
}
