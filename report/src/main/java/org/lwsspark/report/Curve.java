package org.lwsspark.report;

import java.util.List;
import java.util.function.Function;
import org.lwsspark.run.metrics.MetricRow;

/**
 * One run's curve: {@code y} against {@code x} (tokens seen), x increasing.
 */
record Curve(double[] x, double[] y) {

    Curve {
        if (x.length != y.length) {
            throw new IllegalArgumentException("a curve of " + x.length + " x values and " + y.length + " y values");
        }
        x = x.clone();
        y = y.clone();
    }

    /** {@code y} of the rows that have it, against their tokens seen. */
    static Curve of(List<MetricRow> rows, Function<MetricRow, Double> y) {
        List<MetricRow> with = rows.stream().filter(r -> y.apply(r) != null).toList();
        return new Curve(
                with.stream().mapToDouble(MetricRow::tokensSeen).toArray(),
                with.stream().mapToDouble(y::apply).toArray());
    }

    Curve smoothed(double weight) {
        return new Curve(x, Ema.smooth(y, weight));
    }
}
