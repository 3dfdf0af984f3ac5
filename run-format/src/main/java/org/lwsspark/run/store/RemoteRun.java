package org.lwsspark.run.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.lwsspark.run.RunDirectory;
import org.lwsspark.run.RunInfo;
import org.lwsspark.run.checkpoint.CheckpointLayout;

/**
 * A run directory on a Hadoop file system, trained in a local copy (how OLMo-core and most trainers write to object
 * stores: the network is written at local-disk speed, with the local checks and digests, then uploaded).
 *
 * <p>Opening makes the copy what the store holds: run.json, the metrics, the newest committed checkpoint with its
 * files, and the older committed ones by name only (so that the copy keeps as many as the store, and removing one
 * here removes it there). {@link #publish} then makes the store what the copy holds:
 * <ul>
 *   <li>run.json and each metrics file are written under a hidden name and renamed, so that a reader never sees half
 *       of one;</li>
 *   <li>a new checkpoint's files are written in place, then its marker {@value CheckpointLayout#COMMITTED}, last:
 *       object stores cannot rename a directory atomically, and a checkpoint killed before its marker is ignored by
 *       every reader and removed by the next publish;</li>
 *   <li>what the copy no longer holds (old checkpoints, metrics discarded by a resume) is removed, a checkpoint's
 *       marker first.</li>
 * </ul>
 */
public final class RemoteRun {

    private final FileSystem fs;
    private final Path remote;
    private final java.nio.file.Path copy;
    /** What the last publish wrote, so that a metrics flush (every 30 s) rewrites nothing else: null before it. */
    private byte[] publishedInfo;

    private Set<String> publishedCheckpoints;

    private RemoteRun(FileSystem fs, Path remote, java.nio.file.Path copy) {
        this.fs = fs;
        this.remote = remote;
        this.copy = copy;
    }

    /** The run at {@code location}, its copy made afresh in {@code copy}. */
    static RunDirectory open(RunLocation location, java.nio.file.Path copy, Configuration hadoop) throws IOException {
        Path remote = new Path(location.uri());
        RemoteRun run = new RemoteRun(remote.getFileSystem(hadoop), remote, copy);
        run.pull();
        return new RunDirectory(copy, location.toString(), run::publish);
    }

    private void pull() throws IOException {
        StoreFiles.deleteLocal(copy);
        Files.createDirectories(copy);
        if (!fs.exists(remote)) {
            return;
        }
        Path runJson = new Path(remote, RunInfo.FILE_NAME);
        if (!fs.exists(runJson)) {
            if (fs.listStatus(remote).length > 0) {
                throw new IllegalArgumentException(remote + " holds files but no " + RunInfo.FILE_NAME
                        + ": it is not a run; choose an empty or new --run-dir");
            }
            return;
        }
        StoreFiles.downloadRecordAndMetrics(fs, remote, copy);
        List<String> committed = StoreFiles.committedCheckpoints(fs, new Path(remote, "checkpoints"));
        for (int i = 0; i < committed.size(); i++) {
            String name = committed.get(i);
            java.nio.file.Path local =
                    Files.createDirectories(copy.resolve("checkpoints").resolve(name));
            if (i == committed.size() - 1) {
                StoreFiles.downloadCheckpoint(fs, new Path(remote, "checkpoints/" + name), local);
            }
        }
    }

    /** Makes the store hold what the copy holds; see the class comment for the order of the writes. */
    private synchronized void publish() {
        try {
            fs.mkdirs(remote);
            java.nio.file.Path info = copy.resolve(RunInfo.FILE_NAME);
            if (Files.isRegularFile(info) && !Arrays.equals(publishedInfo, Files.readAllBytes(info))) {
                StoreFiles.replace(fs, info, new Path(remote, RunInfo.FILE_NAME));
                publishedInfo = Files.readAllBytes(info);
            }
            publishMetrics();
            Map<String, java.nio.file.Path> checkpoints = localCheckpoints();
            if (!checkpoints.keySet().equals(publishedCheckpoints)) {
                publishCheckpoints(checkpoints);
                publishedCheckpoints = Set.copyOf(checkpoints.keySet());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + copy + " to " + remote + ": " + e.getMessage(), e);
        }
    }

    private void publishMetrics() throws IOException {
        Path dir = new Path(remote, "metrics");
        Set<String> local = Set.copyOf(StoreFiles.visibleLocalFiles(copy.resolve("metrics")));
        List<String> there = StoreFiles.allFiles(fs, dir);
        for (String name : local) {
            if (!there.contains(name)) {
                StoreFiles.replace(fs, copy.resolve("metrics").resolve(name), new Path(dir, name));
            }
        }
        for (String name : there) {
            if (!local.contains(name)) {
                fs.delete(new Path(dir, name), false);
            }
        }
    }

    private void publishCheckpoints(Map<String, java.nio.file.Path> local) throws IOException {
        Path dir = new Path(remote, "checkpoints");
        Set<String> committed = Set.copyOf(StoreFiles.committedCheckpoints(fs, dir));
        for (Map.Entry<String, java.nio.file.Path> checkpoint : local.entrySet()) {
            if (!committed.contains(checkpoint.getKey())) {
                upload(checkpoint.getValue(), new Path(dir, checkpoint.getKey()));
            }
        }
        for (String name : StoreFiles.allDirectories(fs, dir)) {
            if (!local.containsKey(name)) {
                fs.delete(new Path(dir, name + "/" + CheckpointLayout.COMMITTED), false);
                fs.delete(new Path(dir, name), true);
            }
        }
    }

    /** A checkpoint's files, then its marker: until the marker is there, no reader takes it. */
    private void upload(java.nio.file.Path checkpoint, Path target) throws IOException {
        fs.delete(target, true);
        fs.mkdirs(target);
        for (String name : StoreFiles.visibleLocalFiles(checkpoint)) {
            fs.copyFromLocalFile(false, true, new Path(checkpoint.resolve(name).toUri()), new Path(target, name));
        }
        fs.create(new Path(target, CheckpointLayout.COMMITTED), true).close();
    }

    /** The copy's checkpoint directories, by name, oldest first. */
    private Map<String, java.nio.file.Path> localCheckpoints() throws IOException {
        Map<String, java.nio.file.Path> found = new TreeMap<>(Comparator.comparingLong(StoreFiles::step));
        java.nio.file.Path dir = copy.resolve("checkpoints");
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (Stream<java.nio.file.Path> entries = Files.list(dir)) {
            for (java.nio.file.Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (Files.isDirectory(entry) && StoreFiles.isCheckpointName(name)) {
                    found.put(name, entry);
                }
            }
        }
        return found;
    }
}
