package org.lwsspark.model.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds knots of a given shape so that a model's total parameter count lands within a tolerance of a target.
 *
 * <p>The FFN knots of the shape's template are multiplied by one factor and the attention knots by another,
 * which keeps the shape of both. The parameter count grows with the FFN factor in steps (widths are rounded to
 * multiples), so for a given attention factor the solver brackets the target, bisects to the step where the count
 * crosses it and keeps the nearer neighbour. It tries the attention factor equal to the FFN factor first (the
 * paper's balance of attention and FFN) and moves it away only when the steps of the FFN widths alone are too
 * coarse: an isotropic model's 18 identical layers all step at once.
 */
public final class BudgetSolver {

    /** The relative error the solver accepts by default: 1%. */
    public static final double DEFAULT_TOLERANCE = 0.01;

    private static final double MIN_SCALE = 1e-3;
    private static final double MAX_SCALE = 1e4;
    /** Attention factors tried, relative to the FFN factor: 1, then further and further away, up to 2x either way. */
    private static final List<Double> ATTENTION_RATIOS = attentionRatios();

    private BudgetSolver() {}

    /** The outcome: the plan found, its factors and how far it is from the target. */
    public record Solution(ModelPlan plan, double betaScale, double alphaScale, long target) {
        public double relativeError() {
            return (plan.totalParams() - target) / (double) target;
        }
    }

    public static Solution solve(Shape shape, int layers, ModelSize size, long target) {
        return solve(shape, layers, size, target, DEFAULT_TOLERANCE);
    }

    /**
     * @throws IllegalArgumentException when no scale of the shape reaches the target within the tolerance; the
     *                                  message gives the smallest model possible or the nearest counts reachable
     */
    public static Solution solve(Shape shape, int layers, ModelSize size, long target, double tolerance) {
        if (target <= 0) {
            throw new IllegalArgumentException("the budget must be positive, got " + target);
        }
        String what = shape.label() + " with " + layers + " layers at d_model " + size.dModel();
        ModelPlan smallest = plan(shape, layers, size, MIN_SCALE, MIN_SCALE);
        if (smallest.totalParams() > target * (1 + tolerance)) {
            throw new IllegalArgumentException(String.format(
                    "cannot fit %s in %s parameters: the smallest such model has %s (embedding and LM head %s, "
                            + "%d blocks at their minimum widths %s%s). Use fewer layers, a smaller d_model or a "
                            + "smaller vocabulary.",
                    what,
                    human(target),
                    human(smallest.totalParams()),
                    human(smallest.embeddingParams() + smallest.headParams()),
                    layers,
                    human(smallest.blockParams()),
                    smallest.profile().framed() ? ", two of them fixed frame layers" : ""));
        }
        double balanced = solveBetaScale(shape, layers, size, target, 1.0, true).betaScale();
        List<Solution> nearest = new ArrayList<>();
        for (double ratio : ATTENTION_RATIOS) {
            Solution s = solveBetaScale(shape, layers, size, target, balanced * ratio, false);
            if (Math.abs(s.relativeError()) <= tolerance) {
                return s;
            }
            nearest.add(s);
        }
        nearest.sort(Comparator.comparingDouble(s -> Math.abs(s.relativeError())));
        throw new IllegalArgumentException(String.format(
                "cannot get %s within %.1f%% of %s: the nearest reachable total is %s, because widths move in steps "
                        + "of %d (FFN) and %d (query) in every layer at once. Change the target, the depth or d_model.",
                what,
                tolerance * 100,
                human(target),
                human(nearest.get(0).plan().totalParams()),
                size.ffnMultiple(),
                size.queryMultiple()));
    }

    /**
     * The FFN factor whose total is nearest the target, for a fixed attention factor (or, with {@code tied}, with
     * the attention factor equal to it).
     */
    private static Solution solveBetaScale(
            Shape shape, int layers, ModelSize size, long target, double alphaScale, boolean tied) {
        double lo = MIN_SCALE;
        double hi = 1.0;
        while (total(shape, layers, size, hi, tied ? hi : alphaScale) < target) {
            lo = hi;
            hi *= 2;
            if (hi > MAX_SCALE) {
                throw new IllegalArgumentException("cannot reach " + human(target) + " with " + shape.label()
                        + ": the knots would need to grow more than " + MAX_SCALE + "-fold");
            }
        }
        // Invariant: total(lo) < target <= total(hi), unless even lo overshoots. Narrow to the step between them.
        for (int i = 0; i < 200 && hi - lo > 1e-9 * hi; i++) {
            double mid = (lo + hi) / 2;
            if (total(shape, layers, size, mid, tied ? mid : alphaScale) < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Solution below =
                new Solution(plan(shape, layers, size, lo, tied ? lo : alphaScale), lo, tied ? lo : alphaScale, target);
        Solution above =
                new Solution(plan(shape, layers, size, hi, tied ? hi : alphaScale), hi, tied ? hi : alphaScale, target);
        return Math.abs(below.relativeError()) <= Math.abs(above.relativeError()) ? below : above;
    }

    private static List<Double> attentionRatios() {
        List<Double> ratios = new ArrayList<>();
        ratios.add(1.0);
        for (int i = 1; i <= 40; i++) {
            double r = Math.pow(2.0, i / 40.0);
            ratios.add(r);
            ratios.add(1 / r);
        }
        return List.copyOf(ratios);
    }

    private static ModelPlan plan(Shape shape, int layers, ModelSize size, double betaScale, double alphaScale) {
        return LwsRules.plan(shape.profile(layers, betaScale, alphaScale), size);
    }

    private static long total(Shape shape, int layers, ModelSize size, double betaScale, double alphaScale) {
        return plan(shape, layers, size, betaScale, alphaScale).totalParams();
    }

    /** Parses budgets such as {@code 180M}, {@code 1.5B}, {@code 750K} or {@code 181107456}. */
    public static long parseCount(String text) {
        String t =
                text.trim().toUpperCase(java.util.Locale.ROOT).replace("_", "").replace(",", "");
        double factor = 1;
        if (t.endsWith("K")) {
            factor = 1e3;
        } else if (t.endsWith("M")) {
            factor = 1e6;
        } else if (t.endsWith("B") || t.endsWith("G")) {
            factor = 1e9;
        }
        if (factor != 1) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            return Math.round(Double.parseDouble(t) * factor);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a parameter count: '" + text + "' (examples: 180M, 1.5B, 750K)");
        }
    }

    public static String human(long count) {
        if (count >= 1_000_000_000L) {
            return String.format("%.3fB", count / 1e9);
        }
        if (count >= 1_000_000L) {
            return String.format("%.2fM", count / 1e6);
        }
        if (count >= 1_000L) {
            return String.format("%.1fK", count / 1e3);
        }
        return Long.toString(count);
    }
}
