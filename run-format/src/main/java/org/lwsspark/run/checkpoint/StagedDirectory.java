package org.lwsspark.run.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.lwsspark.common.Json;

/**
 * A directory written in a hidden sibling and renamed over its target only when complete: a crash leaves the old
 * directory or the new one, never half of one that looks whole. Every file, and the directories around the rename,
 * are forced to the disk before and after it, so that "complete" also holds after a power loss (without that, the
 * rename can reach the disk before the data, and the old directory is already gone).
 */
public final class StagedDirectory implements AutoCloseable {

    private final Path target;
    private final Path staging;
    private boolean committed;

    private StagedDirectory(Path target, Path staging) {
        this.target = target;
        this.staging = staging;
    }

    /** A new empty staging directory beside {@code target}. */
    public static StagedDirectory beside(Path target) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        Path staging = absolute.resolveSibling("." + absolute.getFileName() + ".writing-" + UUID.randomUUID());
        Files.createDirectories(staging);
        return new StagedDirectory(absolute, staging);
    }

    public Path dir() {
        return staging;
    }

    public Path resolve(String name) {
        return staging.resolve(name);
    }

    public void writeJson(String name, Object value) throws IOException {
        writeBytes(name, Json.MAPPER.writeValueAsBytes(value));
    }

    public void writeBytes(String name, byte[] bytes) throws IOException {
        try (FileChannel out =
                FileChannel.open(resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        }
    }

    /**
     * Forces every file and the staging directory to the disk, then renames the staging directory to the target;
     * an existing target is moved aside first and deleted after.
     */
    public void commit() throws IOException {
        try (Stream<Path> files = Files.list(staging)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
        }
        force(staging);
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + ".old-" + UUID.randomUUID());
            move(target, old);
        }
        move(staging, target);
        committed = true;
        force(target.getParent());
        if (old != null) {
            deleteQuietly(old);
        }
    }

    /** Deletes the staging directory unless it was committed. */
    @Override
    public void close() {
        if (!committed) {
            deleteQuietly(staging);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + to + " cannot rename atomically", e);
        }
    }

    /** fsync of a directory: its entries (new files, a rename) reach the disk. Linux allows it on a read handle. */
    private static void force(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover hidden staging directory is never mistaken for a checkpoint
        }
    }
}
