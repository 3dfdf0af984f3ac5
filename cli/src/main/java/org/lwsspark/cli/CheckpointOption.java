package org.lwsspark.cli;

import java.nio.file.Path;
import org.lwsspark.model.io.Checkpoint;
import picocli.CommandLine.Option;

/** {@code --checkpoint DIR}: a checkpoint directory, read and verified. */
final class CheckpointOption {
    @Option(
            converter = LocalPath.class,
            names = "--checkpoint",
            required = true,
            paramLabel = "DIR",
            description = "checkpoint directory (./lws train writes RUN/checkpoints/step-N)")
    private Path dir;

    Path dir() {
        return dir;
    }

    /** The checkpoint, its files checked against their recorded digests. */
    Checkpoint.Loaded load() {
        return Checkpoint.read(dir);
    }
}
