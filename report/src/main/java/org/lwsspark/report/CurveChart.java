package org.lwsspark.report;

import java.awt.geom.Ellipse2D;
import java.text.DecimalFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.Range;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.lwsspark.run.metrics.MetricRow;

/**
 * The two charts of a metric against tokens seen: training loss (smoothed) and validation perplexity. One line
 * per profile, the mean over its seeds, in a band from the lowest to the highest seed at each point; under each,
 * the same curves zoomed on the last half of training ({@link ZoomedChart}).
 */
final class CurveChart {

    private static final String TOKENS = "tokens seen (tokens)";
    private static final String SEEDS = "line: mean over a profile's seeds, band: their min–max";

    private CurveChart() {}

    static ZoomedChart trainLoss(Comparison comparison, Map<String, ProfileStyle> styles, double smoothing) {
        NumberAxis loss = new NumberAxis("training loss (nats/token)");
        loss.setAutoRangeIncludesZero(false);
        String smoothed = smoothing == 0
                ? "not smoothed"
                : String.format(
                        Locale.ROOT,
                        "smoothed: exponential moving average (weight %s on the previous point, " + "bias-corrected)",
                        new DecimalFormat("0.###").format(smoothing));
        return chart(
                "Training loss",
                smoothed + "; " + SEEDS,
                loss,
                new NumberAxis("training loss (nats/token)"),
                comparison,
                styles,
                false,
                run -> Curve.of(run.train(), MetricRow::trainLoss).smoothed(smoothing));
    }

    static ZoomedChart valPerplexity(Comparison comparison, Map<String, ProfileStyle> styles) {
        // Log scale: the first evaluation, of the untrained model, is near the vocabulary size, the last a few
        // units; on a linear axis the end, where profiles differ, would be a flat line.
        LogTicksAxis ppl = new LogTicksAxis("validation perplexity (e^loss, loss in nats/token; log scale)");
        return chart(
                "Validation perplexity",
                "markers: evaluations, not smoothed; " + SEEDS,
                ppl,
                // Linear: over the last half the perplexity spans a few units, where a log axis has one label.
                new NumberAxis("validation perplexity (e^loss)"),
                comparison,
                styles,
                true,
                run -> Curve.of(run.eval(), MetricRow::valPpl));
    }

    private static ZoomedChart chart(
            String title,
            String subtitle,
            ValueAxis yAxis,
            NumberAxis zoomAxis,
            Comparison comparison,
            Map<String, ProfileStyle> styles,
            boolean markers,
            Function<ReportedRun, Curve> curveOf) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (ProfileSummary p : comparison.profiles()) {
            // A seed without a point yet (not evaluated) would empty the band of the seeds that have them.
            List<Curve> curves =
                    p.runs().stream().map(curveOf).filter(c -> c.x().length > 0).toList();
            if (curves.isEmpty()) {
                continue;
            }
            SeedBand band = SeedBand.of(curves);
            YIntervalSeries series = new YIntervalSeries(label(p));
            for (SeedBand.Point pt : band.points()) {
                series.add(pt.x(), pt.y().mean(), pt.y().min(), pt.y().max());
            }
            data.addSeries(series);
        }
        List<String> drawn = comparison.profiles().stream()
                .filter(p -> data.indexOf(label(p)) >= 0)
                .map(ProfileSummary::profile)
                .toList();
        NumberAxis tokens = tokensAxis(TOKENS);
        // A margin below 0 too: the evaluation at step 0 would be half a marker at the plot's edge.
        tokens.setAutoRangeStickyZero(false);
        tokens.setLowerMargin(0.01);
        XYPlot plot = new XYPlot(data, tokens, yAxis, renderer(drawn, styles, markers));
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);

        NumberAxis zoomTokens = tokensAxis(TOKENS + ", last half of training");
        XYPlot zoomPlot = new XYPlot(data, zoomTokens, zoomAxis, renderer(drawn, styles, markers));
        Range half = ZoomedChart.lastHalf(plot);
        if (half != null) {
            // A sliver beyond the last point, so that its marker is whole.
            zoomTokens.setRange(half.getLowerBound(), half.getUpperBound() + 0.01 * half.getLength());
            Range y = ZoomedChart.yRange(data, half.getLowerBound(), half.getUpperBound(), 0.06);
            if (y != null) {
                zoomAxis.setRange(y);
            }
        }
        JFreeChart zoom = new JFreeChart(
                title + ": the last half of training",
                new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 18),
                zoomPlot,
                false);
        return new ZoomedChart(
                ChartStyle.finish(chart, subtitle),
                ChartStyle.finish(zoom, "the same lines and seed bands, both axes fitted to this half"));
    }

    private static NumberAxis tokensAxis(String label) {
        NumberAxis tokens = new NumberAxis(label);
        tokens.setNumberFormatOverride(new DecimalFormat("#,##0"));
        return tokens;
    }

    /** Each drawn profile's line in its fixed colour and stroke, in a min–max band of its colour. */
    private static DeviationRenderer renderer(List<String> drawn, Map<String, ProfileStyle> styles, boolean markers) {
        DeviationRenderer renderer = new DeviationRenderer(true, markers);
        renderer.setAlpha(0.18f);
        // Otherwise the chart theme clears the series' colours and strokes, and the profiles' fixed ones are lost.
        renderer.setAutoPopulateSeriesPaint(false);
        renderer.setAutoPopulateSeriesStroke(false);
        for (int i = 0; i < drawn.size(); i++) {
            ProfileStyle style = styles.get(drawn.get(i));
            renderer.setSeriesPaint(i, style.colour());
            renderer.setSeriesFillPaint(i, style.colour());
            renderer.setSeriesStroke(i, style.stroke(2.5f));
            renderer.setSeriesShape(i, new Ellipse2D.Double(-4, -4, 8, 8));
        }
        return renderer;
    }

    /** The legend's name of a profile: its seeds are part of what a reader must know about its line. */
    private static String label(ProfileSummary p) {
        return p.profile() + " (" + (p.runs().size() == 1 ? "" : p.runs().size() + " runs, ") + p.seeds() + ")";
    }
}
