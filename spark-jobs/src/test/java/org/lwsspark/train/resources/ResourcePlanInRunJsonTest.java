package org.lwsspark.train.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwsspark.model.plan.Presets;
import org.lwsspark.run.RunDirectory;
import org.lwsspark.run.RunInfo;
import org.lwsspark.train.averaging.AveragedState;

/** A resource plan recorded in run.json reads back whole, through run-format alone. */
class ResourcePlanInRunJsonTest {

    /** A run.json the trainer wrote before the plan existed (run-format's compatibility fixture). */
    private static final Path OLD_RUN_JSON = Path.of(System.getProperty("lws.root", ".."))
            .resolve("run-format/src/test/resources/run-json/run-before-resources.json");

    @Test
    void aPlanWrittenNowReadsBackWhole(@TempDir Path tmp) throws Exception {
        Files.copy(OLD_RUN_JSON, tmp.resolve(RunInfo.FILE_NAME));
        RunDirectory run = new RunDirectory(tmp);
        ResourcePlan plan = ResourcePlan.of(Presets.builtIn().plan("crown-18", "tiny"), 32, 4, 2, 2, AveragedState.ALL);
        RunInfo old = run.readInfo();
        run.writeInfo(new RunInfo(
                old.runId(),
                old.created(),
                old.profile(),
                old.size(),
                old.config(),
                old.plan(),
                old.parameters(),
                old.data(),
                old.training(),
                plan.json(),
                old.attempts()));
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
