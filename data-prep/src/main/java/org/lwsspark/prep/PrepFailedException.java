package org.lwsspark.prep;

import org.apache.hadoop.fs.Path;
import org.lwsspark.common.Causes;

/**
 * A prep run that started its Spark work and failed: nothing of it is visible in the output (see
 * {@link org.lwsspark.prep.manifest.Committer}). Errors found before the work starts (a missing input, an unwritable
 * output, a bad setting) are {@link IllegalArgumentException}s instead.
 */
public final class PrepFailedException extends RuntimeException {
    public PrepFailedException(Path output, Throwable cause) {
        super("failed, nothing of this run is visible in " + output + ": " + Causes.innermost(cause), cause);
    }
}
