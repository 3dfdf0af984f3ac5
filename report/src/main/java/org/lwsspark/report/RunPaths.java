package org.lwsspark.report;

import java.nio.file.Path;
import java.util.List;

/**
 * How report.md names run directories: relative to the folder that holds them all, that folder's name included
 * ({@code runs/crown-18-seed1}), never absolute. A report is published (docs/results/) and read on other machines;
 * the absolute paths of the one that made it are noise there and tell a reader where someone's home was.
 */
final class RunPaths {

    private final Path common;

    private RunPaths(Path common) {
        this.common = common;
    }

    /** For {@code dirs}, absolute (as {@link ReportedRun#dir()} is). */
    static RunPaths of(List<Path> dirs) {
        Path common = dirs.isEmpty() ? null : dirs.get(0).getParent();
        for (Path d : dirs) {
            while (common != null && !d.startsWith(common)) {
                common = common.getParent();
            }
        }
        // The common folder's own name is kept (runs/..., not a bare run name): it says which sweep they are.
        return new RunPaths(common == null ? null : common.getParent());
    }

    /** {@code dir} relative to the common folder's parent; its own name where there is no such parent. */
    String shown(Path dir) {
        if (common == null || !dir.startsWith(common) || dir.equals(common)) {
            Path name = dir.getFileName();
            return name == null ? "." : name.toString();
        }
        return common.relativize(dir).toString();
    }

    /** A path from a run.json (the data directory): as written when relative, only its name when absolute. */
    static String recorded(String path) {
        Path p = Path.of(path);
        return p.isAbsolute() && p.getFileName() != null ? p.getFileName().toString() : path;
    }
}
