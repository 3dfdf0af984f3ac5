package org.lwsspark.prep;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.lwsspark.data.manifest.ManifestIO;
import org.lwsspark.prep.read.InputDiscovery;
import org.lwsspark.prep.read.InputFile;

/**
 * {@code ./lws prep --dry-run}: what a prep run would read, decided as {@link PrepPipeline#run} decides it (every
 * input the arguments name, less those the output's manifest records with the same size and modification time),
 * without Spark. A scheduler's sensor asks it whether there is anything new.
 *
 * @param inputs   every input the arguments name
 * @param newInputs those a run would process: new, or changed since they were processed
 */
public record PrepDryRun(String output, List<InputFile> inputs, List<InputFile> newInputs) {

    public static PrepDryRun of(List<String> inputArgs, String output, Configuration conf) throws IOException {
        List<InputFile> all = InputDiscovery.discover(inputArgs, conf);
        return new PrepDryRun(output, all, PrepPipeline.newInputs(all, ManifestIO.read(new Path(output), conf)));
    }

    /** Inputs the output's manifest already records, unchanged. */
    public int alreadyProcessed() {
        return inputs.size() - newInputs.size();
    }
}
