package org.lwsspark.run;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.lwsspark.common.Json;

/** What a resume may change, on the run.json of a real run (the 63cb4af fixture) and edited copies of it. */
class ResumePolicyTest {

    private static final RunInfo STARTED = new RunDirectory(WrittenBefore16Test.FIXTURE).readInfo();

    /** The run as a resume would resolve it, with {@code key} (dotted, under lws.train) set to {@code json}. */
    private static RunInfo with(RunInfo info, String key, String json) throws Exception {
        ObjectNode config = info.config().deepCopy();
        String[] path = key.split("\\.");
        ObjectNode parent = config;
        for (int i = 0; i < path.length - 1; i++) {
            parent = (ObjectNode) parent.get(path[i]);
        }
        JsonNode value = Json.MAPPER.readTree(json);
        parent.set(path[path.length - 1], value);
        return started(config, info.data(), info.training());
    }

    /** The fixture's run with other settings, data or training. */
    private static RunInfo started(JsonNode config, RunInfo.Data data, RunInfo.Training training) {
        return new RunInfo(
                STARTED.runId(),
                STARTED.created(),
                STARTED.profile(),
                STARTED.size(),
                config,
                STARTED.plan(),
                STARTED.parameters(),
                data,
                training,
                STARTED.resources(),
                STARTED.attempts());
    }

    private static void refused(RunInfo now, String expected) {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ResumePolicy.requireCompatible(STARTED, now, "run.json"));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void theSameRunResumes() {
        assertDoesNotThrow(() -> ResumePolicy.requireCompatible(STARTED, STARTED, "run.json"));
    }

    @Test
    void settingsThatDoNotChangeWhatIsTrainedMayChange() throws Exception {
        assertDoesNotThrow(() -> ResumePolicy.requireCompatible(STARTED, with(STARTED, "log-every", "10"), "run.json"));
        assertDoesNotThrow(
                () -> ResumePolicy.requireCompatible(STARTED, with(STARTED, "checkpoint.keep", "5"), "run.json"));
    }

    @Test
    void aSettingThatChangesTrainingIsRefusedByName() throws Exception {
        refused(with(STARTED, "optimizer.lr", "0.001"), "setting lws.train.optimizer.lr is 0.001");
        refused(with(STARTED, "seed", "2"), "setting lws.train.seed");
    }

    @Test
    void numbersCompareByValue() throws Exception {
        assertDoesNotThrow(
                () -> ResumePolicy.requireCompatible(STARTED, with(STARTED, "optimizer.lr", "3e-3"), "run.json"));
    }

    @Test
    void theLengthMayChangeUnlessTheScheduleDecaysOverIt() throws Exception {
        assertDoesNotThrow(() -> ResumePolicy.requireCompatible(STARTED, with(STARTED, "max-steps", "12"), "run.json"));
        RunInfo cosine = with(STARTED, "optimizer.schedule", "\"warmup-cosine\"");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ResumePolicy.requireCompatible(cosine, with(cosine, "max-steps", "12"), "run.json"));
        assertTrue(e.getMessage().contains("warmup-cosine schedule decays over the run's length"), e.getMessage());
    }

    @Test
    void anotherDatasetOrWorkerCountIsRefused() {
        RunInfo otherData = started(
                STARTED.config(),
                new RunInfo.Data("elsewhere", "0".repeat(64), "bytes", 320, 32, 1, 1),
                STARTED.training());
        refused(otherData, "--data elsewhere is not the dataset the run started on");
        RunInfo.Training t = STARTED.training();
        RunInfo moreWorkers = started(
                STARTED.config(),
                STARTED.data(),
                new RunInfo.Training(
                        4,
                        t.batchPerWorker(),
                        t.averagingFrequency(),
                        t.tokensPerStep(),
                        t.totalSteps(),
                        t.averaging()));
        refused(moreWorkers, "the run trained with 2 workers");
    }

    @Test
    void aRunFromBeforeAveragingStateResumesAsAll() throws Exception {
        ObjectNode old = STARTED.config().deepCopy();
        old.remove("averaging-state");
        RunInfo startedBefore = started(old, STARTED.data(), STARTED.training());
        assertDoesNotThrow(() -> ResumePolicy.requireCompatible(startedBefore, STARTED, "run.json"));
        refused(with(STARTED, "averaging-state", "\"parameters\""), "setting lws.train.averaging-state");
    }
}
