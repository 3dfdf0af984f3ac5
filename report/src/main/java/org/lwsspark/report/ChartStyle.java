package org.lwsspark.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.RenderingHints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

/**
 * The look every report chart shares (white background, light grid, fonts sized for a 1200 x 750 image read at
 * half size in a Markdown viewer) and its rendering to PNG, headless: no display is needed, and none is opened.
 */
final class ChartStyle {

    static final int WIDTH = 1200;
    static final int HEIGHT = 750;

    static {
        // Before AWT is first touched: on a server without X11 a non-headless AWT fails at the first font.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static final String FONT = Font.SANS_SERIF;
    private static final Color GRID = new Color(0xDDDDDD);

    private ChartStyle() {}

    /** A chart with the report's look, a subtitle under the title and the legend at the bottom. */
    static JFreeChart finish(JFreeChart chart, String subtitle) {
        StandardChartTheme theme = (StandardChartTheme) StandardChartTheme.createJFreeTheme();
        theme.setExtraLargeFont(new Font(FONT, Font.BOLD, 24));
        theme.setLargeFont(new Font(FONT, Font.PLAIN, 18));
        theme.setRegularFont(new Font(FONT, Font.PLAIN, 16));
        theme.setSmallFont(new Font(FONT, Font.PLAIN, 14));
        theme.setChartBackgroundPaint(Color.WHITE);
        theme.setPlotBackgroundPaint(Color.WHITE);
        theme.setDomainGridlinePaint(GRID);
        theme.setRangeGridlinePaint(GRID);
        theme.setAxisOffset(RectangleInsets.ZERO_INSETS);
        theme.apply(chart);
        TextTitle sub = new TextTitle(subtitle, new Font(FONT, Font.PLAIN, 15));
        sub.setPaint(new Color(0x333333));
        sub.setPadding(new RectangleInsets(2, 10, 8, 10));
        chart.addSubtitle(0, sub);
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setPosition(RectangleEdge.BOTTOM);
            legend.setFrame(BlockBorder.NONE);
            legend.setItemFont(new Font(FONT, Font.PLAIN, 16));
            legend.setItemLabelPadding(new RectangleInsets(2, 4, 2, 16));
        }
        chart.setPadding(new RectangleInsets(10, 10, 10, 24));
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        return chart;
    }

    static byte[] png(JFreeChart chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot render the chart " + chart.getTitle().getText(), e);
        }
        return out.toByteArray();
    }
}
