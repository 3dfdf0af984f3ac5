package org.lwsspark.train;

import org.lwsspark.common.Causes;

/**
 * Training stopped after it had started (a Spark job failed, an executor was lost for good, the disk filled): the
 * run directory holds everything up to its newest checkpoint, and {@code --resume} continues from there.
 */
public final class TrainingFailedException extends RuntimeException {

    public TrainingFailedException(String message, Throwable cause) {
        super(message + " (" + Causes.innermost(cause) + ")", cause);
    }
}
