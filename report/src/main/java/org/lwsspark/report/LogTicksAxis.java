package org.lwsspark.report;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.Tick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A vertical log axis labelled where a reader looks for values: 20, 30, 50, 100, 200, ... JFreeChart's
 * {@link LogAxis} puts its ticks at equal steps of the exponent (316.2, 354.8, ...), and its older
 * {@code LogarithmicAxis} labelled only 100 over a perplexity range of 30 to 330.
 */
final class LogTicksAxis extends LogAxis {

    private static final double[] FINE = {1, 2, 3, 5};
    private static final double[] MEDIUM = {1, 2, 5};
    private static final double[] COARSE = {1};

    LogTicksAxis(String label) {
        super(label);
        setBase(10);
        setNumberFormatOverride(new DecimalFormat("#,##0.##"));
    }

    @Override
    protected List refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        double lower = getLowerBound();
        double upper = getUpperBound();
        double decades = Math.log10(upper / lower);
        // About 4 to 12 labels whatever the range: a fine grid over 1 to 2 decades, only powers of 10 over many.
        double[] steps = decades <= 2 ? FINE : decades <= 4 ? MEDIUM : COARSE;
        TextAnchor anchor = edge == RectangleEdge.RIGHT ? TextAnchor.CENTER_LEFT : TextAnchor.CENTER_RIGHT;
        List<Tick> ticks = new ArrayList<>();
        for (double decade = Math.pow(10, Math.floor(Math.log10(lower))); decade <= upper; decade *= 10) {
            for (double step : steps) {
                double v = step * decade;
                if (v >= lower && v <= upper) {
                    ticks.add(new NumberTick(
                            TickType.MAJOR, v, getNumberFormatOverride().format(v), anchor, TextAnchor.CENTER, 0));
                }
            }
        }
        return ticks;
    }
}
