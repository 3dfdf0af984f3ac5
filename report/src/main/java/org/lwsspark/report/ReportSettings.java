package org.lwsspark.report;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code ./lws report} is asked to do.
 *
 * @param runs      run directories, or directories whose subdirectories are run directories (a sweep's root)
 * @param out       where the report is written (created)
 * @param smoothing the weight of the previous value in the training-loss curves' exponential moving average, per
 *                  logged row: 0 draws the raw losses
 */
public record ReportSettings(List<Path> runs, Path out, double smoothing) {

    public ReportSettings {
        runs = List.copyOf(runs);
        out = out.toAbsolutePath().normalize();
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("--runs: give at least one run directory");
        }
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException("--smoothing must be at least 0 and below 1, got " + smoothing);
        }
    }
}
