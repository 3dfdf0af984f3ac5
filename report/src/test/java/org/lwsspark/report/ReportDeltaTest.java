package org.lwsspark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.Range;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwsspark.run.RunInfo;
import org.lwsspark.run.metrics.MetricRow;
import org.lwsspark.run.metrics.MetricsWriter;

/**
 * The Δ-vs-isotropic chart, the zoomed panels and report.md's paths, on a sweep written here: isotropic seeds 1
 * and 2 (seed 2 half a nat worse, so that pairing by anything but the seed shows), crown seeds 1 and 2 exactly
 * 0.05 nats below the isotropic run of their seed at every logged step, and crown seed 3, which has no isotropic
 * partner. The run.json is run-format's fixture (24 steps of 256 tokens, data in {@code /data/prep}).
 */
class ReportDeltaTest {

    private static final Path FIXTURES =
            Path.of(System.getProperty("lws.root", "..")).resolve("run-format/src/test/resources");
    private static final int STEPS = 24;
    private static final int TOKENS_PER_STEP = 256;
    private static final int EVAL_EVERY = 4;

    @TempDir
    static Path tmp;

    private static Path sweep;
    private static Comparison comparison;

    @BeforeAll
    static void writeSweep() throws Exception {
        sweep = Files.createDirectories(tmp.resolve("sweep"));
        run("isotropic-s1", "isotropic-18", 1, 0.0);
        run("isotropic-s2", "isotropic-18", 2, 0.0);
        run("crown-s1", "crown-18", 1, -0.05);
        run("crown-s2", "crown-18", 2, -0.05);
        run("crown-s3", "crown-18", 3, -0.3);
        comparison = Comparison.of(RunDiscovery.expand(List.of(sweep)).stream()
                .map(ReportedRun::load)
                .toList());
    }

    /** The isotropic loss of a seed at a step: a falling curve, seed 2 half a nat above seed 1. */
    private static double isotropicLoss(long seed, int step) {
        return 2.5 + 2.5 * Math.exp(-step / 4.0) + 0.5 * (seed - 1);
    }

    private static void run(String name, String profile, long seed, double offset) throws Exception {
        Path dir = Files.createDirectories(sweep.resolve(name));
        ObjectMapper json = new ObjectMapper();
        ObjectNode info = (ObjectNode) json.readTree(
                FIXTURES.resolve("run-json/run-before-resources.json").toFile());
        info.put("run_id", name);
        info.put("profile", profile);
        ((ObjectNode) info.get("config")).put("seed", seed).put("profile", profile);
        ObjectNode plan = (ObjectNode) info.get("plan");
        plan.put("profile", profile);
        if (profile.startsWith("isotropic")) {
            ArrayNode layers = (ArrayNode) plan.get("layers");
            for (int i = 1; i < layers.size(); i++) {
                ObjectNode copy = layers.get(0).deepCopy();
                layers.set(i, copy.put("index", i));
            }
        }
        json.writeValue(dir.resolve(RunInfo.FILE_NAME).toFile(), info);
        MetricsWriter metrics = new MetricsWriter(dir.resolve("metrics"));
        MetricRow.RunLabels labels = new MetricRow.RunLabels(name, profile, "tiny");
        for (int step = 0; step <= STEPS; step++) {
            double loss = isotropicLoss(seed, step) + offset;
            long tokens = (long) step * TOKENS_PER_STEP;
            if (step > 0) {
                metrics.add(MetricRow.train(labels, step, tokens, loss, 1e-3, 1.0, 1000.0, step));
            }
            if (step % EVAL_EVERY == 0) {
                metrics.add(MetricRow.eval(labels, step, tokens, loss, 4096, step + 0.5));
            }
        }
        metrics.flush();
    }

    private static IsotropicDelta crown(List<IsotropicDelta> deltas) {
        return deltas.stream()
                .filter(d -> d.profile().equals("crown-18"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void crownIsMinusFiveHundredthsAtEveryEvaluationOfEveryPairedSeed() {
        List<IsotropicDelta> deltas = DeltaChart.validation(comparison);
        assertEquals(
                List.of("crown-18"),
                deltas.stream().map(IsotropicDelta::profile).toList(),
                "no isotropic Δ");
        IsotropicDelta crown = crown(deltas);
        List<SeedBand.Point> points = crown.band().points();
        assertEquals(STEPS / EVAL_EVERY + 1, points.size(), "every evaluation, step 0 included");
        for (int k = 0; k < points.size(); k++) {
            SeedBand.Point p = points.get(k);
            assertEquals((double) k * EVAL_EVERY * TOKENS_PER_STEP, p.x());
            // Paired with the mean of both isotropic seeds, the values would be -0.05 -/+ 0.25.
            assertEquals(2, p.y().n());
            assertEquals(-0.05, p.y().mean(), 1e-12);
            assertEquals(-0.05, p.y().min(), 1e-12);
            assertEquals(-0.05, p.y().max(), 1e-12);
        }
        // The last point is the tables' Δ: the same pairing of the same final evaluations (seed 3 has none).
        ProfileSummary summary = comparison.profiles().stream()
                .filter(p -> p.profile().equals("crown-18"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                summary.delta().orElseThrow().mean(),
                points.get(points.size() - 1).y().mean(),
                1e-15);
    }

    @Test
    void aSeedWithoutAnIsotropicRunIsLeftOutAndNamed() throws Exception {
        IsotropicDelta crown = crown(DeltaChart.validation(comparison));
        assertEquals(
                List.of(1L, 2L), crown.paired().stream().map(ReportedRun::seed).toList());
        assertEquals(
                List.of(3L), crown.unpaired().stream().map(ReportedRun::seed).toList());
        JFreeChart chart = DeltaChart.of(comparison, ProfileStyle.of(comparison.profiles()), 0.6);
        String subtitle = ((org.jfree.chart.title.TextTitle) chart.getSubtitle(0)).getText();
        assertTrue(subtitle.contains("left out, no isotropic run of their seed: crown-18 seed 3"), subtitle);
        Report report = Report.build(new ReportSettings(List.of(sweep), tmp.resolve("out-left"), 0.6));
        report.write();
        String md = Files.readString(tmp.resolve("out-left").resolve(Report.MARKDOWN));
        assertTrue(md.contains("Left out, no isotropic run of their seed: `crown-s3` (seed 3)."), md);
    }

    @Test
    void theTrainingPanelIsTheSmoothedLossesDifference() {
        // An EMA is linear: the smoothed crown minus the smoothed isotropic is the constant -0.05 too.
        IsotropicDelta crown = crown(DeltaChart.training(comparison, 0.6));
        assertEquals(STEPS, crown.band().points().size());
        crown.band().points().forEach(p -> assertEquals(-0.05, p.y().mean(), 1e-12));
    }

    @Test
    void fiveHundredthsOfANatSpanMostOfTheDeltaPanels() {
        JFreeChart chart = DeltaChart.of(comparison, ProfileStyle.of(comparison.profiles()), 0.6);
        List<XYPlot> panels = ((CombinedDomainXYPlot) chart.getXYPlot()).getSubplots();
        assertEquals(2, panels.size(), "validation and training");
        for (XYPlot panel : panels) {
            Range y = panel.getRangeAxis().getRange();
            assertTrue(y.contains(0) && y.contains(-0.05), y.toString());
            assertTrue(0.05 / y.getLength() > 0.8, "0.05 nats are " + 0.05 / y.getLength() + " of " + y);
            // Nothing from the first tenth of the budget (6,144 tokens) is drawn.
            for (int i = 0; i < panel.getDataset().getItemCount(0); i++) {
                assertTrue(panel.getDataset().getXValue(0, i) >= 614.4);
            }
        }
        assertTrue(chart.getXYPlot().getDomainAxis().getLabel().contains("first 10%"));
    }

    @Test
    void theReportWritesTheDeltaChartAndLinksIt() throws Exception {
        Path out = tmp.resolve("out");
        Report report = Report.build(new ReportSettings(List.of(sweep), out, 0.6));
        assertTrue(report.fileNames().contains(Report.DELTA), report.fileNames().toString());
        report.write();
        BufferedImage png = ImageIO.read(out.resolve(Report.DELTA).toFile());
        assertNotNull(png);
        assertEquals(ChartStyle.WIDTH, png.getWidth());
        assertEquals(ChartStyle.HEIGHT, png.getHeight());
        String md = Files.readString(out.resolve(Report.MARKDOWN));
        assertTrue(md.contains("](" + Report.DELTA + ")"), md);
        for (String zoomed : List.of(Report.TRAIN_LOSS, Report.VAL_PPL)) {
            BufferedImage image = ImageIO.read(out.resolve(zoomed).toFile());
            assertEquals(ChartStyle.HEIGHT + ZoomedChart.ZOOM_HEIGHT, image.getHeight(), zoomed + ": two panels");
        }
    }

    @Test
    void theZoomIsTheLastHalfWithItsOwnYRange() {
        ZoomedChart loss = CurveChart.trainLoss(comparison, ProfileStyle.of(comparison.profiles()), 0);
        XYPlot zoom = loss.zoom().getXYPlot();
        double lastTokens = STEPS * TOKENS_PER_STEP;
        assertEquals(lastTokens / 2, zoom.getDomainAxis().getLowerBound(), 1e-9);
        assertTrue(zoom.getDomainAxis().getUpperBound() >= lastTokens);
        // Over the last half (steps 12 to 24) the losses run from crown seed 1's last to crown seed 3's first
        // (a nat above seed 1's isotropic run, less 0.3): the zoom's y-range holds them, with a margin, and no more.
        double lo = isotropicLoss(1, STEPS) - 0.05;
        double hi = isotropicLoss(3, STEPS / 2) - 0.3;
        Range y = zoom.getRangeAxis().getRange();
        assertTrue(y.getLowerBound() < lo && y.getLowerBound() > lo - 0.1 * (hi - lo), y + " vs " + lo);
        assertTrue(y.getUpperBound() > hi && y.getUpperBound() < hi + 0.1 * (hi - lo), y + " vs " + hi);
        Range full = loss.full().getXYPlot().getRangeAxis().getRange();
        assertTrue(full.getLength() > 2 * y.getLength(), full + " vs " + y);
        ZoomedChart ppl = CurveChart.valPerplexity(comparison, ProfileStyle.of(comparison.profiles()));
        Range pplZoom = ppl.zoom().getXYPlot().getRangeAxis().getRange();
        assertTrue(pplZoom.contains(Math.exp(lo)) && pplZoom.contains(Math.exp(hi)), pplZoom.toString());
    }

    @Test
    void reportMdHoldsNoAbsolutePath() throws Exception {
        Path out = tmp.resolve("out-paths");
        Report.build(new ReportSettings(List.of(sweep), out, 0.6)).write();
        String md = Files.readString(out.resolve(Report.MARKDOWN));
        assertFalse(md.contains(tmp.toString()), md);
        assertFalse(md.contains("/data/prep"), "run.json's absolute data directory:\n" + md);
        // No path that starts at the root, anywhere: in code spans, links or text.
        assertFalse(Pattern.compile("(^|[\\s`(,])/[A-Za-z.]").matcher(md).find(), md);
        assertTrue(md.contains("`sweep/crown-s1`"), md);
        assertTrue(md.contains("`prep`"), md);
    }
}
