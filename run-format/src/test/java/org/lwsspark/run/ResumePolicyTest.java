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
        return new RunInfo(
                info.runId(),
                info.created(),
                info.profile(),
                info.size(),
                config,
                info.plan(),
                info.parameters(),
                info.data(),
                info.training(),
                info.resources(),
                info.attempts());
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
        RunInfo otherData = new RunInfo(
                STARTED.runId(),
                STARTED.created(),
                STARTED.profile(),
                STARTED.size(),
                STARTED.config(),
                STARTED.plan(),
                STARTED.parameters(),
                new RunInfo.Data("elsewhere", "0".repeat(64), "bytes", 320, 32, 1, 1),
                STARTED.training(),
                STARTED.resources(),
                STARTED.attempts());
        refused(otherData, "--data elsewhere is not the dataset the run started on");
        RunInfo.Training t = STARTED.training();
        RunInfo moreWorkers = new RunInfo(
                STARTED.runId(),
                STARTED.created(),
                STARTED.profile(),
                STARTED.size(),
                STARTED.config(),
                STARTED.plan(),
                STARTED.parameters(),
                STARTED.data(),
                new RunInfo.Training(
                        4,
                        t.batchPerWorker(),
                        t.averagingFrequency(),
                        t.tokensPerStep(),
                        t.totalSteps(),
                        t.averaging()),
                STARTED.resources(),
                STARTED.attempts());
        refused(moreWorkers, "the run trained with 2 workers");
    }

    @Test
    void aRunFromBeforeAveragingStateResumesAsAll() throws Exception {
        ObjectNode old = STARTED.config().deepCopy();
        old.remove("averaging-state");
        RunInfo startedBefore = new RunInfo(
                STARTED.runId(),
                STARTED.created(),
                STARTED.profile(),
                STARTED.size(),
                old,
                STARTED.plan(),
                STARTED.parameters(),
                STARTED.data(),
                STARTED.training(),
                STARTED.resources(),
                STARTED.attempts());
        assertDoesNotThrow(() -> ResumePolicy.requireCompatible(startedBefore, STARTED, "run.json"));
        refused(with(STARTED, "averaging-state", "\"parameters\""), "setting lws.train.averaging-state");
    }
}
