package org.lwsspark.run.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.lwsspark.run.RunDirectory;
import org.lwsspark.run.RunInfo;
import org.lwsspark.run.checkpoint.CheckpointLayout;

/**
 * The runs under a directory of a Hadoop file system, copied for reading: for each run (a directory holding a
 * run.json; a run's own subdirectories and hidden ones are not searched) its run.json, its metrics and its committed
 * checkpoints by name and time only, not their files. That is what {@code ./lws runs} and {@code ./lws report} read.
 */
final class RemoteRuns {

    private RemoteRuns() {}

    static List<RunDirectory> copyForReading(RunLocation location, java.nio.file.Path copy, Configuration hadoop)
            throws IOException {
        Path root = new Path(location.uri());
        FileSystem fs = root.getFileSystem(hadoop);
        if (!fs.getFileStatus(root).isDirectory()) {
            throw new IllegalArgumentException(location + ": not a directory");
        }
        StoreFiles.deleteLocal(copy);
        List<RunDirectory> runs = new ArrayList<>();
        collect(fs, root, copy, location.toString(), runs);
        return runs;
    }

    private static void collect(FileSystem fs, Path dir, java.nio.file.Path copy, String shown, List<RunDirectory> runs)
            throws IOException {
        if (fs.exists(new Path(dir, RunInfo.FILE_NAME))) {
            copyRun(fs, dir, copy);
            runs.add(new RunDirectory(copy, shown, () -> {}));
            return;
        }
        for (String name : StoreFiles.allDirectories(fs, dir)) {
            if (!name.startsWith(".")) {
                collect(fs, new Path(dir, name), copy.resolve(name), shown + "/" + name, runs);
            }
        }
    }

    private static void copyRun(FileSystem fs, Path run, java.nio.file.Path copy) throws IOException {
        StoreFiles.downloadRecordAndMetrics(fs, run, copy);
        Path checkpoints = new Path(run, "checkpoints");
        for (String name : StoreFiles.committedCheckpoints(fs, checkpoints)) {
            java.nio.file.Path named =
                    Files.createDirectories(copy.resolve("checkpoints").resolve(name));
            long committed = fs.getFileStatus(new Path(checkpoints, name + "/" + CheckpointLayout.COMMITTED))
                    .getModificationTime();
            Files.setLastModifiedTime(named, FileTime.fromMillis(committed));
        }
    }
}
