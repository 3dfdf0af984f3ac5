package org.lwsspark.cli;

import org.apache.hadoop.conf.Configuration;
import org.lwsspark.model.io.Checkpoint;
import org.lwsspark.run.store.RunLocation;
import picocli.CommandLine.Option;

/** {@code --checkpoint DIR}: a checkpoint directory, read and verified. */
final class CheckpointOption {
    @Option(
            converter = RunLocationConverter.class,
            names = "--checkpoint",
            required = true,
            paramLabel = "DIR",
            description = "checkpoint directory (./lws train writes RUN/checkpoints/step-N): a local path, file://, "
                    + "hdfs:// or s3a://")
    private RunLocation dir;

    RunLocation dir() {
        return dir;
    }

    /** The checkpoint, its files checked against their recorded digests. */
    Checkpoint.Loaded load() {
        return Checkpoint.read(dir.checkpointForReading(new Configuration()));
    }
}
