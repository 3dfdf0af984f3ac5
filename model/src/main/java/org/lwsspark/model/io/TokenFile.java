package org.lwsspark.model.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A text file of token ids: one sequence per line, ids separated by white space; blank lines are skipped. */
public final class TokenFile {

    private TokenFile() {}

    public static List<int[]> read(Path file, int vocabSize) {
        List<int[]> sequences = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNumber = 0;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                String trimmed = line.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                String[] fields = trimmed.split("\\s+");
                int[] ids = new int[fields.length];
                for (int i = 0; i < fields.length; i++) {
                    try {
                        ids[i] = Integer.parseInt(fields[i]);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(file + ":" + lineNumber + ": token " + (i + 1) + " is '"
                                + fields[i] + "', not an integer id");
                    }
                    if (ids[i] < 0 || ids[i] >= vocabSize) {
                        throw new IllegalArgumentException(file + ":" + lineNumber + ": token id " + ids[i]
                                + " is outside the model's vocabulary [0, " + vocabSize + ")");
                    }
                }
                if (ids.length < 2) {
                    throw new IllegalArgumentException(file + ":" + lineNumber
                            + ": a sequence needs at least 2 tokens to have a next-token target");
                }
                sequences.add(ids);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read token file " + file + ": " + e.getMessage(), e);
        }
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException(file + ": no token sequences");
        }
        return sequences;
    }
}
