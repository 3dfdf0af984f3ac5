package org.lwsspark.train;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from outside the repository (../shared/fixtures, Debian's python3 with torch): without it the
 * test is skipped, saying so, except under {@code CI=true}, where run-tests installs everything and a suite that
 * passed by skipping would prove nothing.
 */
public final class Prerequisite {

    private Prerequisite() {}

    public static void require(boolean present, String what) {
        if ("true".equals(System.getenv("CI"))) {
            Assertions.assertTrue(present, what + " is missing under CI=true");
        }
        Assumptions.assumeTrue(present, "skipped: " + what + " is missing");
    }
}
