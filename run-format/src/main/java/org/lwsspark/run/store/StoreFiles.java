package org.lwsspark.run.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.lwsspark.run.RunInfo;
import org.lwsspark.run.checkpoint.CheckpointLayout;

/** The file moves between a store and a local copy that {@link RemoteRun} and {@link RemoteRuns} share. */
final class StoreFiles {

    private static final Pattern CHECKPOINT = Pattern.compile("step-(\\d+)");

    private StoreFiles() {}

    static boolean isCheckpointName(String name) {
        return CHECKPOINT.matcher(name).matches();
    }

    static long step(String checkpointName) {
        Matcher m = CHECKPOINT.matcher(checkpointName);
        if (!m.matches()) {
            throw new IllegalArgumentException(checkpointName + " is not a checkpoint's name (step-N)");
        }
        return Long.parseLong(m.group(1));
    }

    /** The checkpoints under {@code dir} that hold their marker, oldest first: the only ones a reader takes. */
    static List<String> committedCheckpoints(FileSystem fs, Path dir) throws IOException {
        List<String> committed = new ArrayList<>();
        for (String name : allDirectories(fs, dir)) {
            if (isCheckpointName(name) && fs.exists(new Path(dir, name + "/" + CheckpointLayout.COMMITTED))) {
                committed.add(name);
            }
        }
        committed.sort(Comparator.comparingLong(StoreFiles::step));
        return committed;
    }

    /** The names of the files in {@code dir} not hidden (no leading dot or underscore); none if it is missing. */
    static List<String> visibleFiles(FileSystem fs, Path dir) throws IOException {
        return allFiles(fs, dir).stream().filter(StoreFiles::isVisible).toList();
    }

    static List<String> allFiles(FileSystem fs, Path dir) throws IOException {
        return list(fs, dir, false);
    }

    static List<String> allDirectories(FileSystem fs, Path dir) throws IOException {
        return list(fs, dir, true);
    }

    private static List<String> list(FileSystem fs, Path dir, boolean directories) throws IOException {
        if (!fs.exists(dir)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (FileStatus status : fs.listStatus(dir)) {
            if (status.isDirectory() == directories) {
                names.add(status.getPath().getName());
            }
        }
        names.sort(null);
        return names;
    }

    static List<String> visibleLocalFiles(java.nio.file.Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<java.nio.file.Path> entries = Files.list(dir)) {
            return entries.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(StoreFiles::isVisible)
                    .sorted()
                    .toList();
        }
    }

    private static boolean isVisible(String name) {
        return !name.startsWith(".") && !name.startsWith("_");
    }

    /** Copies a file of the store to {@code local}, keeping its modification time (what the runs table reads). */
    static void download(FileSystem fs, Path file, java.nio.file.Path local) throws IOException {
        Files.createDirectories(local.getParent());
        fs.copyToLocalFile(false, file, new Path(local.toUri()), true);
        Files.setLastModifiedTime(
                local, FileTime.fromMillis(fs.getFileStatus(file).getModificationTime()));
    }

    /** Copies the run.json and the visible metrics files of the run {@code run} into {@code copy}. */
    static void downloadRecordAndMetrics(FileSystem fs, Path run, java.nio.file.Path copy) throws IOException {
        download(fs, new Path(run, RunInfo.FILE_NAME), copy.resolve(RunInfo.FILE_NAME));
        for (String name : visibleFiles(fs, new Path(run, "metrics"))) {
            download(
                    fs,
                    new Path(run, "metrics/" + name),
                    copy.resolve("metrics").resolve(name));
        }
    }

    /** Copies every file of the checkpoint {@code dir} of the store (not its marker) into {@code local}. */
    static void downloadCheckpoint(FileSystem fs, Path dir, java.nio.file.Path local) throws IOException {
        Files.createDirectories(local);
        for (String file : visibleFiles(fs, dir)) {
            download(fs, new Path(dir, file), local.resolve(file));
        }
    }

    /**
     * Writes {@code local} to {@code target} under a hidden name, then renames it there, replacing what was there:
     * readers see the old file or the new one (or, for an instant on a store that cannot rename over a file, none).
     */
    static void replace(FileSystem fs, java.nio.file.Path local, Path target) throws IOException {
        Path staging = new Path(target.getParent(), "." + target.getName() + ".writing-" + UUID.randomUUID());
        fs.copyFromLocalFile(false, true, new Path(local.toUri()), staging);
        fs.delete(target, false);
        if (!fs.rename(staging, target)) {
            fs.delete(staging, false);
            throw new IOException("the store refused to rename " + staging + " to " + target);
        }
    }

    static void deleteLocal(java.nio.file.Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<java.nio.file.Path> paths = Files.walk(dir)) {
            for (java.nio.file.Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
