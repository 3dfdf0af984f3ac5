package org.lwsspark.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.lwsspark.run.RunDirectory;
import org.lwsspark.run.RunInfo;

/**
 * The run directories a {@code --runs} list names. An argument with a run.json is a run; any other directory is
 * a sweep's root, whose subdirectories (one level, not hidden) are its runs. In a root, a subdirectory with a
 * {@code metrics/} or {@code checkpoints/} but no run.json is a broken run and refused; other subdirectories (data,
 * logs, an earlier report) are passed over.
 */
final class RunDiscovery {

    private RunDiscovery() {}

    /** The run directories, absolute and each once, in the order given (a root's runs by name). */
    static List<Path> expand(List<Path> arguments) {
        Set<Path> runs = new LinkedHashSet<>();
        for (Path argument : arguments) {
            Path dir = argument.toAbsolutePath().normalize();
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("--runs " + argument + ": no such directory");
            }
            if (isRun(dir)) {
                runs.add(dir);
                continue;
            }
            List<Path> found = new ArrayList<>();
            for (Path sub : subdirectories(dir)) {
                if (isRun(sub)) {
                    found.add(sub);
                } else if (Files.isDirectory(sub.resolve("metrics")) || Files.isDirectory(sub.resolve("checkpoints"))) {
                    throw new IllegalArgumentException(sub + ": has metrics or checkpoints but no " + RunInfo.FILE_NAME
                            + ": not a complete training run");
                }
            }
            if (found.isEmpty()) {
                throw new IllegalArgumentException("--runs " + argument + ": no " + RunInfo.FILE_NAME
                        + " in it or in its subdirectories: neither a training run nor a directory of runs");
            }
            runs.addAll(found);
        }
        return List.copyOf(runs);
    }

    private static boolean isRun(Path dir) {
        return Files.isRegularFile(new RunDirectory(dir).runJson());
    }

    private static List<Path> subdirectories(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
