package org.lwsspark.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.lwsspark.run.metrics.MetricRow;

/**
 * The comparison at a glance: each profile's loss minus isotropic's over tokens, paired by seed
 * ({@link IsotropicDelta}), a line for the mean over seeds in a min–max band, and the zero line that is isotropic.
 * On the loss charts the first fall (5 nats to 2.3 in replicate-small) sets the scale and the 0.03–0.08-nat
 * differences between profiles are a few pixels; here the y-axis spans the differences alone. Two panels: the
 * validation loss (the evaluations: what the tables report) and the smoothed training loss (every logged step;
 * runs of one seed see the same batches in the same order, so the batch noise mostly cancels in the difference).
 */
final class DeltaChart {

    /**
     * The first tenth of the token budget is not drawn: there the profiles' losses differ by tenths of a nat while
     * they fall from the untrained value, and would set the y-scale again.
     */
    static final double SKIPPED_FRACTION = 0.1;

    private DeltaChart() {}

    /** The profiles' validation-loss Δ, in the comparison's order, isotropic profiles left out. */
    static List<IsotropicDelta> validation(Comparison comparison) {
        return deltas(comparison, run -> Curve.of(run.eval(), MetricRow::valLoss));
    }

    /** The profiles' training-loss Δ, each run's loss smoothed as on the training-loss chart before the difference. */
    static List<IsotropicDelta> training(Comparison comparison, double smoothing) {
        return deltas(
                comparison, run -> Curve.of(run.train(), MetricRow::trainLoss).smoothed(smoothing));
    }

    private static List<IsotropicDelta> deltas(Comparison comparison, Function<ReportedRun, Curve> curveOf) {
        List<ReportedRun> isotropic =
                comparison.runs().stream().filter(ReportedRun::isotropic).toList();
        return comparison.profiles().stream()
                .filter(p -> !p.isotropic())
                .map(p -> IsotropicDelta.of(p, isotropic, curveOf))
                .toList();
    }

    /** Tokens before which nothing is drawn: {@link #SKIPPED_FRACTION} of the token budget. */
    static double firstTokens(Comparison comparison) {
        return SKIPPED_FRACTION * comparison.reference().tokenBudget();
    }

    static JFreeChart of(Comparison comparison, Map<String, ProfileStyle> styles, double smoothing) {
        double from = firstTokens(comparison);
        NumberAxis tokens = new NumberAxis(String.format(
                Locale.ROOT,
                "tokens seen (tokens; the first %.0f%% of the budget, to %,.0f, not drawn)",
                100 * SKIPPED_FRACTION,
                from));
        tokens.setNumberFormatOverride(new DecimalFormat("#,##0"));
        tokens.setAutoRangeIncludesZero(false);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(tokens);
        plot.setGap(16);
        // Short axis labels: two panels' labels run into each other otherwise; the titles say the rest.
        XYPlot val = panel(validation(comparison), styles, from, true, "Δ validation loss (nats/token)");
        plot.add(val, 3);
        plot.add(panel(training(comparison, smoothing), styles, from, false, "Δ training loss, EMA (nats/token)"), 2);
        plot.setFixedLegendItems(val.getLegendItems());
        JFreeChart chart =
                new JFreeChart("Loss minus isotropic's, paired by seed", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        return ChartStyle.finish(chart, subtitle(validation(comparison)));
    }

    private static String subtitle(List<IsotropicDelta> deltas) {
        List<String> left = new ArrayList<>();
        for (IsotropicDelta d : deltas) {
            d.unpaired().forEach(r -> left.add(d.profile() + " seed " + r.seed()));
        }
        String text = "below 0: lower loss than isotropic; each run minus the isotropic run of its seed; "
                + "line: mean over seeds, band: their min–max";
        return left.isEmpty() ? text : text + "; left out, no isotropic run of their seed: " + String.join(", ", left);
    }

    /** One panel: each profile's mean Δ in its min–max band, from {@code from} tokens, and the zero line. */
    static XYPlot panel(
            List<IsotropicDelta> deltas, Map<String, ProfileStyle> styles, double from, boolean markers, String label) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        DeviationRenderer renderer = new DeviationRenderer(true, markers);
        renderer.setAlpha(0.18f);
        // Otherwise the chart theme clears the series' colours and strokes, and the profiles' fixed ones are lost.
        renderer.setAutoPopulateSeriesPaint(false);
        renderer.setAutoPopulateSeriesStroke(false);
        for (IsotropicDelta d : deltas) {
            if (d.paired().isEmpty()) {
                continue;
            }
            YIntervalSeries series = new YIntervalSeries(d.profile() + " (" + seeds(d.paired()) + ")");
            for (SeedBand.Point pt : d.band().points()) {
                if (pt.x() >= from) {
                    series.add(pt.x(), pt.y().mean(), pt.y().min(), pt.y().max());
                }
            }
            int i = data.getSeriesCount();
            data.addSeries(series);
            ProfileStyle style = styles.get(d.profile());
            renderer.setSeriesPaint(i, style.colour());
            renderer.setSeriesFillPaint(i, style.colour());
            renderer.setSeriesStroke(i, style.stroke(2.5f));
            renderer.setSeriesShape(i, new Ellipse2D.Double(-4, -4, 8, 8));
        }
        NumberAxis axis = new NumberAxis(label);
        // Zero is isotropic: always in sight, and with it the differences set the scale, nothing else.
        axis.setAutoRangeIncludesZero(true);
        axis.setAutoRangeStickyZero(false);
        axis.setUpperMargin(0.08);
        axis.setLowerMargin(0.08);
        axis.setNumberFormatOverride(new DecimalFormat("+0.00#;−0.00#"));
        XYPlot plot = new XYPlot(data, null, axis, renderer);
        ValueMarker zero = new ValueMarker(0, new Color(0x4D4D4D), new BasicStroke(2f));
        zero.setLabel("isotropic");
        zero.setLabelFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 14));
        zero.setLabelBackgroundColor(new Color(255, 255, 255, 0));
        zero.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_LEFT);
        zero.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_LEFT);
        plot.addRangeMarker(zero);
        return plot;
    }

    private static String seeds(List<ReportedRun> runs) {
        return (runs.size() == 1 ? "seed " : "seeds ")
                + String.join(
                        ", ", runs.stream().map(r -> Long.toString(r.seed())).toList());
    }
}
