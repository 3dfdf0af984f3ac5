package org.lwsspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Run directories, checkpoints and reports are local: another scheme is refused, never made a relative path. */
class LocalPathTest {

    @Test
    void localPathsAndFileUrisAreTaken() {
        assertEquals(Path.of("runs/a"), new LocalPath().convert("runs/a"));
        assertEquals(Path.of("/tmp/x"), new LocalPath().convert("file:///tmp/x"));
        assertEquals(Path.of("C:x"), new LocalPath().convert("C:x"), "one letter before a colon is no scheme");
    }

    @Test
    void anObjectStoreRunDirIsRefusedWithExitTwoNotWrittenLocally() {
        CliTest.Run r = CliTest.run("train", "--data", "d", "--run-dir", "s3a://bucket/x");
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("s3a://bucket/x: run directories, checkpoints and reports are local"), r.err());
        CliTest.Run report = CliTest.run("report", "--runs", "hdfs://nn/runs", "--out", "out");
        assertEquals(ExitCodes.USAGE, report.exit(), report.err());
    }
}
