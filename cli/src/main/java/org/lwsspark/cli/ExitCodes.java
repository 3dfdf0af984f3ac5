package org.lwsspark.cli;

/** The exit codes of every {@code ./lws} command (README.md, "The command line"). */
final class ExitCodes {
    static final int OK = 0;
    /** The work started and failed (a Spark job, a training step); nothing half-written is visible. */
    static final int FAILED = 1;
    /** Bad usage or input: an unknown option, a missing file, a bad setting, a damaged checkpoint; nothing done. */
    static final int USAGE = 2;
    /** ND4J's native backend cannot start on this machine, or its CUDA library holds no code for this GPU. */
    static final int NO_BACKEND = 3;

    private ExitCodes() {}
}
