package org.lwsspark.model.plan;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The five LWS shapes, each with the knots the paper used at 18 layers. The budget solver keeps these ratios
 * and scales them by one factor; framing (beta 4.0, alpha 1.0 at both ends) is not scaled.
 */
public enum Shape {
    ISOTROPIC(List.of(2.5, 2.5), List.of(0.75, 0.75), false),
    VANILLA(List.of(1.0, 4.0), List.of(0.5, 1.0), false),
    FRAMED(List.of(0.5, 4.0), List.of(0.5, 1.0), true),
    REVERSE(List.of(4.0, 0.5), List.of(1.0, 0.5), true),
    CROWN(List.of(0.5, 3.8, 0.5), List.of(0.5, 1.0, 0.5), true);

    private final List<Double> beta;
    private final List<Double> alpha;
    private final boolean framed;

    Shape(List<Double> beta, List<Double> alpha, boolean framed) {
        this.beta = beta;
        this.alpha = alpha;
        this.framed = framed;
    }

    public static Shape parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown shape '" + name + "'; known: "
                    + Arrays.stream(values()).map(Shape::label).toList());
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The profile of this shape at a given depth with all knots multiplied by {@code scale}. */
    public LwsProfile profile(int layers, double scale) {
        return profile(layers, scale, scale);
    }

    /** The profile with the FFN knots multiplied by {@code betaScale} and the attention knots by {@code alphaScale}. */
    public LwsProfile profile(int layers, double betaScale, double alphaScale) {
        return new LwsProfile(
                label() + "-" + layers, layers, scaled(beta, betaScale), scaled(alpha, alphaScale), framed);
    }

    private static List<Double> scaled(List<Double> knots, double scale) {
        return knots.stream().map(k -> Math.round(k * scale * 1e4) / 1e4).toList();
    }
}
