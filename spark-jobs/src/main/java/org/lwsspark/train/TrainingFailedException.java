package org.lwsspark.train;

/**
 * Training stopped after it had started (a Spark job failed, an executor was lost for good, the disk filled): the
 * run directory holds everything up to its newest checkpoint, and {@code --resume} continues from there.
 */
public final class TrainingFailedException extends RuntimeException {

    public TrainingFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The innermost cause: Spark wraps a task's failure several times. */
    public String rootCause() {
        Throwable t = getCause();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
