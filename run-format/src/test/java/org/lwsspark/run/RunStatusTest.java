package org.lwsspark.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwsspark.common.Json;

/** Where a run stands, on copies of a real run directory (the 63cb4af fixture: 8 steps, checkpointed at 8). */
class RunStatusTest {

    private static final Duration STALE_AFTER = Duration.ofMinutes(15);

    private static RunDirectory copy(Path tmp) throws Exception {
        Path from = WrittenBefore16Test.FIXTURE;
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path to = tmp.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return new RunDirectory(tmp);
    }

    /** The run as if it had been asked for {@code totalSteps} steps, its last attempt ending with {@code outcome}. */
    private static void rewrite(RunDirectory run, long totalSteps, String outcome) throws Exception {
        ObjectNode json = (ObjectNode) Json.MAPPER.readTree(run.runJson().toFile());
        ((ObjectNode) json.get("training")).put("total_steps", totalSteps);
        if (outcome != null) {
            ObjectNode attempt = (ObjectNode) json.get("attempts").get(0);
            attempt.put("ended", "2026-12-04T23:00:00Z");
            attempt.put("outcome", outcome);
        }
        Json.MAPPER.writeValue(run.runJson().toFile(), json);
    }

    @Test
    void aRunCheckpointedAtItsLastStepIsFinished(@TempDir Path tmp) throws Exception {
        RunStatus s = RunStatus.of(copy(tmp), "run", Instant.now(), STALE_AFTER);
        assertEquals(RunStatus.State.FINISHED, s.state());
        assertEquals("crown-18", s.profile());
        assertEquals("nano", s.size());
        assertEquals(1, s.seed());
        assertEquals(8, s.step());
        assertEquals(8, s.totalSteps());
        assertEquals(2048, s.tokensSeen());
        assertEquals(5.374730838907296, s.valLoss(), 0.0);
        assertNull(s.etaSeconds(), "no ETA for a finished run");
    }

    @Test
    void aRunShortOfItsLastStepIsRunningWhileItIsWrittenToThenStale(@TempDir Path tmp) throws Exception {
        RunDirectory run = copy(tmp);
        rewrite(run, 12, null);
        RunStatus running = RunStatus.of(run, "run", Instant.now(), STALE_AFTER);
        assertEquals(RunStatus.State.RUNNING, running.state());
        assertEquals(4 * 256 / running.tokensPerS(), running.etaSeconds(), 1e-9, "4 steps of 256 tokens to go");
        RunStatus later = RunStatus.of(run, "run", Instant.now().plus(Duration.ofMinutes(16)), STALE_AFTER);
        assertEquals(RunStatus.State.STALE, later.state());
    }

    @Test
    void aRunWhoseLastAttemptFailedIsFailed(@TempDir Path tmp) throws Exception {
        RunDirectory run = copy(tmp);
        rewrite(run, 12, RunInfo.FAILED + ": java.lang.IllegalStateException: boom");
        assertEquals(
                RunStatus.State.FAILED,
                RunStatus.of(run, "run", Instant.now(), STALE_AFTER).state());
    }

    @Test
    void runsAreFoundAtAnyDepthButNotInsideARun(@TempDir Path tmp) throws Exception {
        copy(Files.createDirectories(tmp.resolve("sweep/a/seed-1")));
        copy(Files.createDirectories(tmp.resolve("sweep/b")));
        Files.createDirectories(tmp.resolve("sweep/.hidden/x"));
        assertEquals(
                java.util.List.of(tmp.resolve("sweep/a/seed-1"), tmp.resolve("sweep/b")),
                RunDirectory.findUnder(tmp).stream().map(RunDirectory::root).toList());
    }
}
