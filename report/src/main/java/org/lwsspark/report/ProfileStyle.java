package org.lwsspark.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Stroke;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a profile is drawn, the same in every chart: a colour fixed by its shape, so that crown is the same colour
 * in every report, and isotropic, the baseline, is dark grey. The colours are the Okabe-Ito palette, told apart
 * by colour-blind readers too. Two profiles of one shape (isotropic-12 and isotropic-18) share the colour; the
 * second is dashed.
 */
record ProfileStyle(Color colour, boolean dashed) {

    private static final Color ISOTROPIC = new Color(0x4D4D4D);
    /** By the LWS shape a profile's name starts with ({@code crown-18}: crown). */
    private static final Map<String, Color> SHAPES = Map.of(
            "isotropic", ISOTROPIC,
            "vanilla", new Color(0x0072B2),
            "framed", new Color(0x009E73),
            "reverse", new Color(0xE69F00),
            "crown", new Color(0xD55E00));
    /** For profiles whose name does not start with a shape's (profiles of a --conf file). */
    private static final List<Color> OTHERS =
            List.of(new Color(0xCC79A7), new Color(0x56B4E9), Color.BLACK, new Color(0x8C6D31));

    /** A line of this style, {@code width} pixels wide. */
    Stroke stroke(float width) {
        return dashed
                ? new BasicStroke(
                        width,
                        BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_ROUND,
                        10f,
                        new float[] {3 * width, 2 * width},
                        0f)
                : new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    /** The styles of the profiles, in the comparison's order. */
    static Map<String, ProfileStyle> of(List<ProfileSummary> profiles) {
        Map<String, ProfileStyle> styles = new LinkedHashMap<>();
        Map<Color, Integer> uses = new HashMap<>();
        int others = 0;
        // By name, so that which profile of a shared colour is dashed does not depend on the losses.
        for (ProfileSummary p : profiles.stream()
                .sorted(Comparator.comparing(ProfileSummary::profile))
                .toList()) {
            Color colour = p.isotropic() ? ISOTROPIC : SHAPES.get(shapeOf(p.profile()));
            if (colour == null) {
                colour = OTHERS.get(others++ % OTHERS.size());
            }
            int used = uses.merge(colour, 1, Integer::sum);
            styles.put(p.profile(), new ProfileStyle(colour, used > 1));
        }
        Map<String, ProfileStyle> ordered = new LinkedHashMap<>();
        profiles.forEach(p -> ordered.put(p.profile(), styles.get(p.profile())));
        return ordered;
    }

    /** The shape a preset's name starts with ({@code crown-18}: crown). */
    private static String shapeOf(String profile) {
        return profile.split("[-_]", 2)[0].toLowerCase(Locale.ROOT);
    }
}
