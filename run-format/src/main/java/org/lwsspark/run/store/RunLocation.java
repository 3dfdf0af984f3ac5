package org.lwsspark.run.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.lwsspark.common.Sha256;
import org.lwsspark.run.RunDirectory;
import org.lwsspark.run.checkpoint.CheckpointLayout;

/**
 * Where a run directory, a directory of runs or a checkpoint lives: a local path ({@code runs/a}, {@code file:///x}) or a
 * directory of a Hadoop file system ({@code hdfs://nn/runs/a}, {@code s3a://bucket/runs/a}). Read as a plain path,
 * {@code s3a://b/x} would silently become the local relative directory {@code s3a:/b/x}: this keeps the scheme.
 */
public record RunLocation(URI uri) {

    /** The file that marks a directory as a copy of runs ({@link #copyRunsInto}), which a new copy may replace. */
    static final String COPY_MARKER = ".lws-runs-copy";

    /**
     * The local directory under which runs on other file systems are copied: {@code LWS_RUN_COPIES}, by default
     * {@code lws-run-copies} in the JVM's temporary directory. A run being trained keeps its newest checkpoints
     * there.
     */
    private static Path copiesRoot() {
        String set = System.getenv("LWS_RUN_COPIES");
        return set != null && !set.isBlank()
                ? Path.of(set)
                : Path.of(System.getProperty("java.io.tmpdir"), "lws-run-copies");
    }

    /** A path or URI as a user writes it. */
    public static RunLocation of(String value) {
        int colon = value.indexOf(':');
        boolean hasScheme = colon > 1 && value.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*");
        if (!hasScheme) {
            return of(Path.of(value));
        }
        URI uri = new org.apache.hadoop.fs.Path(value).toUri();
        return uri.getScheme().equalsIgnoreCase("file") ? of(Path.of(uri)) : new RunLocation(uri);
    }

    public static RunLocation of(Path local) {
        return new RunLocation(local.toAbsolutePath().normalize().toUri());
    }

    public boolean isLocal() {
        return "file".equalsIgnoreCase(uri.getScheme());
    }

    /** The local directory; only for a local location. */
    public Path localPath() {
        if (!isLocal()) {
            throw new IllegalStateException(this + " is not a local directory");
        }
        return Path.of(uri);
    }

    /** The run here, opened to train: itself, or a local copy of what the store holds, published after each change. */
    public RunDirectory openForTraining(Configuration hadoop) {
        if (isLocal()) {
            return new RunDirectory(localPath());
        }
        try {
            return RemoteRun.open(this, copyDir("train"), hadoop);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the run directory " + this + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every run under this directory (any depth), to read: themselves, or copies of what a reader needs (run.json,
     * the metrics, the committed checkpoints' names), each named by its location in the store.
     */
    public List<RunDirectory> runsForReading(Configuration hadoop) {
        return isLocal() ? RunDirectory.findUnder(localPath()) : copyRunsInto(copyDir("read"), hadoop);
    }

    /** This directory, to read its runs as local files: itself, or the local root of their copies. */
    public Path readable(Configuration hadoop) {
        if (isLocal()) {
            return localPath();
        }
        copyRunsInto(copyDir("read"), hadoop);
        return copyDir("read");
    }

    /**
     * Copies what a reader needs of every run under this directory (run.json, the metrics, the committed
     * checkpoints' names) into {@code into}, in the same layout: for a notebook, which reads local files. A previous
     * copy there is replaced; a directory holding anything else is refused by name.
     */
    public List<RunDirectory> copyRunsInto(Path into, Configuration hadoop) {
        Path marker = into.resolve(COPY_MARKER);
        try {
            if (Files.isDirectory(into) && !Files.exists(marker)) {
                try (Stream<Path> entries = Files.list(into)) {
                    if (entries.findAny().isPresent()) {
                        throw new IllegalArgumentException(into + " holds files that are no copy of runs (no "
                                + COPY_MARKER + "): choose an empty or new directory to copy the runs into");
                    }
                }
            }
            List<RunDirectory> runs = RemoteRuns.copyForReading(this, into, hadoop);
            Files.createDirectories(into);
            Files.writeString(marker, toString() + "\n");
            return runs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the runs under " + this + ": " + e.getMessage(), e);
        }
    }

    /**
     * This directory as a checkpoint, to read: itself, or a local copy of its files once its marker says that it was
     * committed.
     */
    public Path checkpointForReading(Configuration hadoop) {
        if (isLocal()) {
            return localPath();
        }
        org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(uri);
        try {
            FileSystem fs = dir.getFileSystem(hadoop);
            if (!fs.exists(new org.apache.hadoop.fs.Path(dir, CheckpointLayout.COMMITTED))) {
                throw new IllegalArgumentException("not a checkpoint: " + this + " has no " + CheckpointLayout.COMMITTED
                        + " (it was never committed, or is no checkpoint of ./lws train)");
            }
            Path copy = copyDir("checkpoint");
            StoreFiles.deleteLocal(copy);
            StoreFiles.downloadCheckpoint(fs, dir, copy);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint " + this + ": " + e.getMessage(), e);
        }
    }

    /** A local directory of this location's own, named after its last part so that run ids read as before. */
    private Path copyDir(String purpose) {
        String name = new org.apache.hadoop.fs.Path(uri).getName();
        return copiesRoot()
                .resolve(purpose)
                .resolve(Sha256.hex(uri.toString().getBytes(StandardCharsets.UTF_8))
                        .substring(0, 16))
                .resolve(name.isEmpty() ? "root" : name);
    }

    @Override
    public String toString() {
        return isLocal() ? localPath().toString() : uri.toString();
    }
}
