package org.lwsspark.prep;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real input samples of {@code ../shared/fixtures} (from the project root). They are never copied into the
 * repository; a test that needs them is skipped, saying so, when they are absent.
 */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path root() {
        String projectRoot = System.getProperty("lws.root");
        Path base = projectRoot != null ? Path.of(projectRoot) : Path.of("").toAbsolutePath().getParent();
        return base.resolve("../shared/fixtures").normalize();
    }

    /** The fixture file or directory, or the test is skipped when the fixtures are not there. */
    public static Path get(String relative) {
        Path p = root().resolve(relative);
        assumeTrue(Files.exists(p), "shared fixtures absent (" + p + "): skipping a test that needs real input");
        return p;
    }
}
