package org.lwsspark.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.lwsspark.common.Json;
import org.lwsspark.run.checkpoint.CheckpointFiles;
import org.lwsspark.run.metrics.MetricsWriter;

/**
 * The layout of a run directory: {@code run.json}, {@code metrics/} (Parquet, see
 * {@link org.lwsspark.run.metrics.MetricsWriter}) and {@code checkpoints/step-N/} (each a
 * {@link Checkpoint} with the {@link TrainerState} in it, written atomically; the newest {@code keep} are kept).
 *
 * <p>A run on a Hadoop file system is worked on in a local copy ({@link org.lwsspark.run.store.RemoteRun}): this
 * class then reads and writes the copy, names the run by its {@link #location()}, and hands every change to the
 * store ({@link #publish()}) once it is complete on the local disk.
 */
public final class RunDirectory {

    private static final Pattern STEP = Pattern.compile("step-(\\d+)");

    private final Path root;
    private final String location;
    private final Runnable publisher;

    public RunDirectory(Path root) {
        this(root, null, () -> {});
    }

    /**
     * The local copy {@code root} of the run at {@code location}, whose changes {@code publisher} writes there.
     */
    public RunDirectory(Path root, String location, Runnable publisher) {
        this.root = root.toAbsolutePath().normalize();
        this.location = location == null ? this.root.toString() : location;
        this.publisher = publisher;
    }

    /**
     * Every run under {@code root} (a directory holding a run.json), at any depth, by path: a run's own
     * subdirectories are not searched, nor are hidden ones (half-written checkpoints, staging).
     */
    public static List<RunDirectory> findUnder(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(root + ": no such directory");
        }
        RunDirectory here = new RunDirectory(root);
        if (Files.isRegularFile(here.runJson())) {
            return List.of(here);
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory)
                    .filter(d -> !d.getFileName().toString().startsWith("."))
                    .sorted()
                    .flatMap(d -> findUnder(d).stream())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    /** A checkpoint found on disk. */
    public record Saved(Path dir, long step) {
        public TrainerState state() {
            return CheckpointFiles.readJson(dir, TrainerState.FILE_NAME, TrainerState.class);
        }
    }

    public Path root() {
        return root;
    }

    /** Where the run lives, as a user names it: the local directory, or the URI of the store that holds it. */
    public String location() {
        return location;
    }

    /** Writes what changed in the local copy to the store that holds the run (nothing for a local run). */
    public void publish() {
        publisher.run();
    }

    /** The metrics writer of this run: each file it writes is published. */
    public MetricsWriter metricsWriter() {
        return new MetricsWriter(metrics(), publisher);
    }

    /**
     * Removes the metrics written after {@code step} (a resume from the checkpoint at {@code step}; -1: from the
     * start), here and in the store. Returns the names removed.
     */
    public List<String> discardMetricsAfter(long step) {
        List<String> removed = metricsWriter().discardAfter(step);
        publish();
        return removed;
    }

    public Path metrics() {
        return root.resolve("metrics");
    }

    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    public Path runJson() {
        return root.resolve(RunInfo.FILE_NAME);
    }

    /** Whether anything is there already: a run, or something else a new run must not mix with. */
    public boolean existsWithContent() {
        if (!Files.exists(root)) {
            return false;
        }
        if (!Files.isDirectory(root)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    public RunInfo readInfo() {
        if (!Files.isRegularFile(runJson())) {
            throw new IllegalArgumentException(runJson() + ": missing: " + root + " is not a training run");
        }
        try {
            return Json.MAPPER.readValue(runJson().toFile(), RunInfo.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + runJson() + ": " + e.getMessage(), e);
        }
    }

    /** Writes run.json under a hidden name and renames it over the old one. */
    public void writeInfo(RunInfo info) {
        try {
            Files.createDirectories(root);
            Path staging = root.resolve("." + RunInfo.FILE_NAME + ".writing");
            Json.MAPPER.writeValue(staging.toFile(), info);
            Files.move(staging, runJson(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + runJson() + ": " + e.getMessage(), e);
        }
        publish();
    }

    /** The checkpoints, oldest first. Half-written ones are hidden directories and never listed. */
    public List<Saved> checkpointsSaved() {
        if (!Files.isDirectory(checkpoints())) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(checkpoints())) {
            return dirs.map(d -> {
                        Matcher m = STEP.matcher(d.getFileName().toString());
                        return m.matches() && Files.isDirectory(d) ? new Saved(d, Long.parseLong(m.group(1))) : null;
                    })
                    .filter(s -> s != null)
                    .sorted(Comparator.comparingLong(Saved::step))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + checkpoints() + ": " + e.getMessage(), e);
        }
    }

    public Optional<Saved> newestCheckpoint() {
        List<Saved> all = checkpointsSaved();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Where the checkpoint of {@code step} goes; its parent exists. */
    public Path checkpointDir(long step) {
        try {
            Files.createDirectories(checkpoints());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + checkpoints() + ": " + e.getMessage(), e);
        }
        return checkpoints().resolve("step-" + step);
    }

    /**
     * Removes all checkpoints but the newest {@code keep}, then publishes: what a trainer calls after each new
     * checkpoint.
     */
    public void keepNewest(int keep) {
        List<Saved> all = checkpointsSaved();
        for (Saved old : all.subList(0, Math.max(0, all.size() - keep))) {
            delete(old.dir());
        }
        publish();
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove old checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }
}
