package org.lwsspark.train.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwsspark.model.plan.Presets;
import org.lwsspark.report.ReportedRun;
import org.lwsspark.train.averaging.AveragedState;
import org.lwsspark.train.metrics.MetricRow;
import org.lwsspark.train.metrics.MetricsWriter;
import org.lwsspark.train.resources.ResourcePlan;

/**
 * run.json keeps reading across versions: a file written before the resource plan existed (the fixture
 * {@code run-json/run-before-resources.json}, as the trainer wrote it then) reads with no plan, for a resume and for
 * the report; a plan written now reads back whole.
 */
class RunInfoTest {

    private static Path runWithOldRunJson(Path dir) throws Exception {
        Files.createDirectories(dir);
        try (InputStream old = RunInfoTest.class.getResourceAsStream("/run-json/run-before-resources.json")) {
            Files.copy(old, dir.resolve(RunInfo.FILE_NAME));
        }
        return dir;
    }

    @Test
    void aRunJsonFromBeforeThePlanReadsWithoutOne(@TempDir Path tmp) throws Exception {
        RunDirectory run = new RunDirectory(runWithOldRunJson(tmp.resolve("old")));
        RunInfo info = run.readInfo();
        assertNull(info.resources());
        assertEquals("run-full-20261201T101500Z", info.runId());
        assertEquals(6_671_168L, info.parameters().total());
        assertEquals(256, info.training().tokensPerStep());
        assertEquals(1, info.attempts().size());

        // Writing it back adds no "resources" key: the file stays in the old form.
        run.writeInfo(info);
        assertFalse(Files.readString(run.runJson()).contains("resources"));
    }

    @Test
    void theReportReadsARunFromBeforeThePlan(@TempDir Path tmp) throws Exception {
        Path dir = runWithOldRunJson(tmp.resolve("old"));
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

    @Test
    void aPlanWrittenNowReadsBackWhole(@TempDir Path tmp) throws Exception {
        RunDirectory run = new RunDirectory(runWithOldRunJson(tmp.resolve("new")));
        ResourcePlan plan = ResourcePlan.of(Presets.builtIn().plan("crown-18", "tiny"), 32, 4, 2, 2, AveragedState.ALL);
        RunInfo info = run.readInfo().withResources(plan);
        run.writeInfo(info);
        String json = Files.readString(run.runJson());
        assertTrue(json.contains("\"resources\""), json);
        assertTrue(json.contains("\"workers_in_driver_jvm\" : 2"), json);

        RunInfo back = run.readInfo();
        assertEquals(plan.json(), back.resources());
        assertEquals(plan.workerOffHeapBytes(), back.resources().worker().offHeap());
        assertEquals(plan.driverHeapBytes(), back.resources().driver().heap());
        assertEquals(
                back.resources(), back.withAttempt(back.attempts().get(0)).resources(), "a new attempt keeps the plan");
    }
}
