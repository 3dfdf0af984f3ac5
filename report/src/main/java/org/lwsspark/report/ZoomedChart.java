package org.lwsspark.report;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.Range;
import org.jfree.data.xy.IntervalXYDataset;

/**
 * A chart over the whole of training and, under it, the same curves zoomed on the last half: both axes of the
 * zoom are set to that half's data (bands included), so that differences of hundredths of a nat, which the
 * first fall of the loss hides on the full chart, span the zoom's height. One PNG, the full chart on top.
 */
record ZoomedChart(JFreeChart full, JFreeChart zoom) {

    /** The zoom's share of the image: 1200 x 750 for the full chart as before, 1200 x 480 under it. */
    static final int ZOOM_HEIGHT = 480;

    byte[] png() {
        BufferedImage image =
                new BufferedImage(ChartStyle.WIDTH, ChartStyle.HEIGHT + ZOOM_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.drawImage(full.createBufferedImage(ChartStyle.WIDTH, ChartStyle.HEIGHT), 0, 0, null);
            g.drawImage(zoom.createBufferedImage(ChartStyle.WIDTH, ZOOM_HEIGHT), 0, ChartStyle.HEIGHT, null);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ChartUtils.writeBufferedImageAsPNG(out, image);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot render the chart " + full.getTitle().getText(), e);
        }
        return out.toByteArray();
    }

    /**
     * The range of the band (low to high) of every item of {@code data} at x from {@code from} to {@code to}, with
     * {@code margin} of its length added at each end; null where no item is in it.
     */
    static Range yRange(IntervalXYDataset data, double from, double to, double margin) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < data.getSeriesCount(); s++) {
            for (int i = 0; i < data.getItemCount(s); i++) {
                double x = data.getXValue(s, i);
                if (x >= from && x <= to) {
                    lo = Math.min(lo, data.getStartYValue(s, i));
                    hi = Math.max(hi, data.getEndYValue(s, i));
                }
            }
        }
        if (lo > hi) {
            return null;
        }
        // One flat line would be a range of no height.
        double pad = Math.max(margin * (hi - lo), 1e-3 * Math.max(1, Math.abs(hi)));
        return new Range(lo - pad, hi + pad);
    }

    /** The largest x of {@code data}; NaN when it has no item. */
    static double maxX(IntervalXYDataset data) {
        double max = Double.NaN;
        for (int s = 0; s < data.getSeriesCount(); s++) {
            for (int i = 0; i < data.getItemCount(s); i++) {
                double x = data.getXValue(s, i);
                max = Double.isNaN(max) ? x : Math.max(max, x);
            }
        }
        return max;
    }

    /** The zoom's x-range, {@code [max / 2, max]} of the full chart's data: the last half of training so far. */
    static Range lastHalf(XYPlot plot) {
        double max = maxX((IntervalXYDataset) plot.getDataset());
        return Double.isNaN(max) || max <= 0 ? null : new Range(max / 2, max);
    }
}
