package org.lwsspark.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run.json keeps reading across versions: a file written before the resource plan existed (the fixture
 * {@code run-json/run-before-resources.json}, as the trainer wrote it then) reads with no plan and is written back
 * in its old form.
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
}
