package org.lwsspark.run.checkpoint;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.lwsspark.common.Json;
import org.lwsspark.common.Sha256;

/** SHA-256 digests of the files of a checkpoint directory ({@code sha256.json}), and the refusals they lead to. */
public final class FileDigests {
    private static final TypeReference<TreeMap<String, String>> TYPE = new TypeReference<>() {};

    private FileDigests() {}

    /**
     * File name to hex SHA-256 of every regular file directly in {@code dir}: taken from {@code known} where the
     * digest was computed while the file was written, computed from the file otherwise.
     */
    public static Map<String, String> of(Path dir, Map<String, String> known) throws IOException {
        Map<String, String> digests = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                String name = f.getFileName().toString();
                digests.put(name, known.containsKey(name) ? known.get(name) : Sha256.hex(f));
            });
        }
        return digests;
    }

    /** What {@code dir}'s {@code file} records; a file that cannot be parsed is refused as damaged. */
    public static Map<String, String> recorded(Path dir, String file) {
        Path path = dir.resolve(file);
        try {
            return Json.MAPPER.readValue(path.toFile(), TYPE);
        } catch (IOException e) {
            throw new IllegalStateException(path + " is damaged: " + e.getMessage(), e);
        }
    }

    /**
     * Checks every file that {@code recorded} names, except {@code checkedElsewhere} (large files whose digest is
     * computed while they are read), and that it names every one of {@code required}.
     */
    public static void verify(
            Path dir, Map<String, String> recorded, Collection<String> required, Set<String> checkedElsewhere) {
        for (String name : required) {
            if (!recorded.containsKey(name)) {
                throw new IllegalStateException(dir.resolve(CheckpointLayout.DIGESTS) + " records no digest of " + name
                        + ": the checkpoint was changed");
            }
        }
        recorded.forEach((name, digest) -> {
            if (!checkedElsewhere.contains(name)) {
                String actual = Sha256.hex(dir.resolve(name));
                if (!actual.equals(digest)) {
                    throw changed(dir.resolve(name), actual, digest);
                }
            }
        });
    }

    public static IllegalStateException changed(Path file, String actual, String recorded) {
        return damaged(file, "its SHA-256 is " + actual + ", " + CheckpointLayout.DIGESTS + " records " + recorded);
    }

    public static IllegalStateException damaged(Path file, String how) {
        return new IllegalStateException(file + " was changed or damaged after the checkpoint was written: " + how);
    }
}
