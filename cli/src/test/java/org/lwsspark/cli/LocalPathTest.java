package org.lwsspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Local outputs (reports, exports): another scheme is refused, never made a relative path. */
class LocalPathTest {

    @Test
    void localPathsAndFileUrisAreTaken() {
        assertEquals(Path.of("runs/a"), new LocalPath().convert("runs/a"));
        assertEquals(Path.of("/tmp/x"), new LocalPath().convert("file:///tmp/x"));
        assertEquals(Path.of("C:x"), new LocalPath().convert("C:x"), "one letter before a colon is no scheme");
    }

    @Test
    void aReportToAnObjectStoreIsRefusedWithExitTwoNotWrittenLocally() {
        CliTest.Run r = CliTest.run("report", "--runs", "runs", "--out", "s3a://bucket/report");
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("s3a://bucket/report: this output is written to a local path"), r.err());
    }
}
