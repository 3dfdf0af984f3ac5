package org.lwsspark.model.io;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.lwsspark.common.Sha256;

/** SHA-256 digests of the files of a directory, as a checkpoint records them. */
final class FileDigests {
    static final TypeReference<TreeMap<String, String>> TYPE = new TypeReference<>() {};

    private FileDigests() {}

    /** File name to hex SHA-256 of every regular file directly in {@code dir}. */
    static Map<String, String> of(Path dir) throws IOException {
        Map<String, String> digests = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(Files::isRegularFile)
                    .forEach(f -> digests.put(f.getFileName().toString(), Sha256.hex(f)));
        }
        return digests;
    }
}
