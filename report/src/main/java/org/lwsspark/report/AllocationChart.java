package org.lwsspark.report;

import java.awt.geom.Ellipse2D;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.lwsspark.run.PlanJson;

/**
 * The paper's parameter-allocation figure: each profile's FFN width and query heads block by block, from the plan
 * in its run.json (every seed of a profile has the same plan). Two panels over one layer axis.
 */
final class AllocationChart {

    private AllocationChart() {}

    static JFreeChart of(Comparison comparison, Map<String, ProfileStyle> styles) {
        NumberAxis layer = new NumberAxis("layer index (block; 0 = next to the embedding)");
        layer.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        layer.setAutoRangeIncludesZero(false);
        layer.setLowerMargin(0.02);
        layer.setUpperMargin(0.02);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(layer);
        plot.setGap(16);
        XYPlot ffn = panel(comparison, styles, "FFN hidden width (units)", PlanJson.Layer::ffnHidden);
        plot.add(ffn, 1);
        plot.add(panel(comparison, styles, "query heads (heads)", PlanJson.Layer::qHeads), 1);
        // The panels have the same series: one legend entry per profile, not two.
        LegendItemCollection legend = ffn.getLegendItems();
        plot.setFixedLegendItems(legend);
        JFreeChart chart = new JFreeChart("Parameter allocation per layer", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        return ChartStyle.finish(
                chart,
                "each profile's plan (run.json); key/value heads = query heads / GQA group; "
                        + "profiles set slightly apart sideways so equal widths stay visible");
    }

    private static XYPlot panel(
            Comparison comparison,
            Map<String, ProfileStyle> styles,
            String label,
            ToIntFunction<PlanJson.Layer> width) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        // Otherwise the chart theme clears the series' colours and strokes, and the profiles' fixed ones are lost.
        renderer.setAutoPopulateSeriesPaint(false);
        renderer.setAutoPopulateSeriesStroke(false);
        List<ProfileSummary> profiles = comparison.profiles();
        for (int k = 0; k < profiles.size(); k++) {
            ProfileSummary p = profiles.get(k);
            // Profiles often agree on a layer (every framed one at both ends, most on the heads): dodged by up to
            // a tenth of a layer either way, each line stays in sight and still reads as its layer.
            double dodge = profiles.size() == 1 ? 0 : 0.2 * k / (profiles.size() - 1) - 0.1;
            XYSeries series = new XYSeries(p.profile());
            for (PlanJson.Layer l : p.runs().get(0).plan().layers()) {
                series.add(l.index() + dodge, width.applyAsInt(l));
            }
            int i = data.getSeriesCount();
            data.addSeries(series);
            ProfileStyle style = styles.get(p.profile());
            renderer.setSeriesPaint(i, style.colour());
            renderer.setSeriesStroke(i, style.stroke(2.5f));
            renderer.setSeriesShape(i, new Ellipse2D.Double(-4, -4, 8, 8));
        }
        NumberAxis axis = new NumberAxis(label);
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        axis.setAutoRangeIncludesZero(true);
        axis.setUpperMargin(0.08);
        return new XYPlot(data, null, axis, renderer);
    }
}
