package org.lwsspark.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The curves of one profile's seeds brought together: at each x that every seed logged, the mean and min-max of
 * their y. Only shared x values are kept, never interpolated ones: seeds of one profile train with the same
 * settings and log at the same tokens, and where one run is still behind the others the band ends where it is.
 */
record SeedBand(List<Point> points) {

    /** The seeds' values at one x. */
    record Point(double x, Spread y) {}

    SeedBand {
        points = List.copyOf(points);
    }

    static SeedBand of(List<Curve> curves) {
        if (curves.isEmpty()) {
            throw new IllegalArgumentException("a seed band needs at least one curve");
        }
        List<Map<Double, Double>> byX = new ArrayList<>();
        for (Curve c : curves) {
            Map<Double, Double> m = new HashMap<>();
            for (int i = 0; i < c.x().length; i++) {
                m.put(c.x()[i], c.y()[i]);
            }
            byX.add(m);
        }
        List<Point> points = new ArrayList<>();
        Curve first = curves.get(0);
        for (double x : first.x()) {
            List<Double> ys = new ArrayList<>();
            for (Map<Double, Double> m : byX) {
                Double y = m.get(x);
                if (y == null) {
                    break;
                }
                ys.add(y);
            }
            if (ys.size() == curves.size()) {
                points.add(new Point(x, Spread.of(ys)));
            }
        }
        return new SeedBand(points);
    }
}
