package org.lwsspark.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProvenanceTest {

    @Test
    void theVersionComesFromTheBuildAndTheCommitAndBuildTimeFromTheLauncher() throws Exception {
        System.setProperty("lws.git.commit", "abc123-dirty");
        System.setProperty("lws.build.time", "2026-11-30T20:00:00Z");
        try {
            Provenance p = Provenance.now();
            assertTrue(p.lwsVersion().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), p.lwsVersion());
            assertTrue(p.dl4jVersion().startsWith("1.0.0-M2"), p.dl4jVersion());
            assertEquals(
                    "lws-spark " + p.lwsVersion() + " (commit abc123-dirty, built 2026-11-30T20:00:00Z)", p.summary());
            // As checkpoints and run.json store it: snake_case, and read back equal.
            String json = Json.MAPPER.writeValueAsString(p);
            assertTrue(json.contains("\"git_commit\" : \"abc123-dirty\""), json);
            assertEquals(p, Json.MAPPER.readValue(json, Provenance.class));
        } finally {
            System.clearProperty("lws.git.commit");
            System.clearProperty("lws.build.time");
        }
    }
}
