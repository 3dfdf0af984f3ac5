package org.lwsspark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwsspark.run.RunInfo;
import org.lwsspark.run.metrics.MetricRow;
import org.lwsspark.run.metrics.MetricsWriter;

/** The report reads runs written by earlier versions of the trainer (run-format's compatibility fixtures). */
class ReportedRunCompatibilityTest {

    private static final Path FIXTURES =
            Path.of(System.getProperty("lws.root", "..")).resolve("run-format/src/test/resources");

    @Test
    void aRunWrittenAt63cb4afReads() {
        ReportedRun run = ReportedRun.load(FIXTURES.resolve("compat/63cb4af/run"));
        assertEquals("crown-18", run.profile());
        assertEquals(8, run.steps());
        assertEquals(2048, run.tokensSeen());
        assertEquals(5.374730838907296, run.finalEval().orElseThrow().valLoss(), 0.0);
        assertEquals(18, run.plan().layers().size());
    }

    @Test
    void aRunJsonFromBeforeTheResourcePlanReads(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("old"));
        Files.copy(FIXTURES.resolve("run-json/run-before-resources.json"), dir.resolve(RunInfo.FILE_NAME));
        MetricsWriter metrics = new MetricsWriter(dir.resolve("metrics"));
        metrics.add(MetricRow.train(
                new MetricRow.RunLabels("run-full-20261201T101500Z", "crown-18", "tiny"),
                2,
                512,
                5.0,
                6e-4,
                1.5,
                900.0,
                1.0));
        metrics.flush();
        ReportedRun reported = ReportedRun.load(dir);
        assertEquals("crown-18", reported.profile());
        assertNull(reported.info().resources());
        assertEquals(512, reported.tokensSeen());
    }
}
