package org.lwsspark.prep;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real input samples of {@code ../shared/fixtures} (from the project root). They are never copied into the
 * repository; a test that needs them is skipped, saying so, when they are absent, and fails under {@code CI=true}
 * (CI has them: a suite that passed by skipping would prove nothing).
 */
public final class Fixtures {
    private Fixtures() {}

    public static Path root() {
        String projectRoot = System.getProperty("lws.root");
        Path base = projectRoot != null
                ? Path.of(projectRoot)
                : Path.of("").toAbsolutePath().getParent();
        return base.resolve("../shared/fixtures").normalize();
    }

    /** The fixture file or directory; when the fixtures are not there the test is skipped (fails on CI). */
    public static Path get(String relative) {
        Path p = root().resolve(relative);
        String absent = "shared fixtures absent (" + p + ")";
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(Files.exists(p), absent + " under CI=true");
        }
        assumeTrue(Files.exists(p), absent + ": skipping a test that needs real input");
        return p;
    }
}
