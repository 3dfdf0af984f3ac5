package org.lwsspark.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.lwsspark.run.PlanJson;
import org.lwsspark.run.RunDirectory;
import org.lwsspark.run.RunInfo;
import org.lwsspark.run.metrics.MetricRow;
import org.lwsspark.run.metrics.MetricsReader;

/**
 * One training run as the report sees it: its {@code run.json} and its metrics rows, split by kind, in step order.
 *
 * @param dir   the run directory
 * @param seed  {@code lws.train.seed} of the run (its weights' initialisation and data order)
 * @param train the {@code train} rows
 * @param eval  the {@code eval} rows
 */
public record ReportedRun(Path dir, RunInfo info, long seed, List<MetricRow> train, List<MetricRow> eval) {

    public ReportedRun {
        train = List.copyOf(train);
        eval = List.copyOf(eval);
    }

    /**
     * Reads {@code dir}; IllegalArgumentException naming it when it has no run.json or no metrics rows (a run that
     * never logged has nothing to report, and a directory without run.json is not a run).
     */
    public static ReportedRun load(Path dir) {
        RunDirectory run = new RunDirectory(dir);
        RunInfo info = run.readInfo();
        if (info.plan() == null || info.parameters() == null || info.data() == null || info.training() == null) {
            throw new IllegalArgumentException(run.runJson() + ": lacks the plan, parameters, data or training "
                    + "section: not a run.json of ./lws train");
        }
        JsonNode seed = info.config() == null ? null : info.config().get("seed");
        if (seed == null || !seed.canConvertToLong()) {
            throw new IllegalArgumentException(run.runJson() + ": no config.seed");
        }
        List<MetricRow> rows = MetricsReader.read(run.metrics());
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(run.root() + ": no metrics (" + run.metrics()
                    + " holds no Parquet file): has the run logged anything yet?");
        }
        return new ReportedRun(
                run.root(),
                info,
                seed.asLong(),
                rows.stream().filter(r -> MetricRow.TRAIN.equals(r.kind())).toList(),
                rows.stream().filter(r -> MetricRow.EVAL.equals(r.kind())).toList());
    }

    public String profile() {
        return info.profile();
    }

    public PlanJson plan() {
        return info.plan();
    }

    /** Training tokens the run was set to see: total steps times tokens per step. */
    public long tokenBudget() {
        return info.training().totalSteps() * info.training().tokensPerStep();
    }

    /** The newest evaluation, if any yet. */
    public Optional<MetricRow> finalEval() {
        return eval.isEmpty() ? Optional.empty() : Optional.of(eval.get(eval.size() - 1));
    }

    /** Tokens trained on by the newest training row (0 before the first). */
    public long tokensSeen() {
        return train.isEmpty() ? 0 : train.get(train.size() - 1).tokensSeen();
    }

    /** Steps taken by the newest training row (0 before the first). */
    public long steps() {
        return train.isEmpty() ? 0 : train.get(train.size() - 1).step();
    }

    /** Training wall time by the newest row of either kind. */
    public double wallS() {
        double wall = 0;
        for (MetricRow r : train) {
            wall = Math.max(wall, r.wallS());
        }
        for (MetricRow r : eval) {
            wall = Math.max(wall, r.wallS());
        }
        return wall;
    }

    /** The mean of the training rows' throughputs (each over the rounds since the row before). */
    public OptionalDouble meanTokensPerS() {
        return train.stream()
                .filter(r -> r.tokensPerS() != null)
                .mapToDouble(MetricRow::tokensPerS)
                .average();
    }

    /**
     * Whether every block has the same widths: an isotropic model, the baseline LWS profiles are compared with
     * (the {@code isotropic-N} presets, and any profile of equal knots).
     */
    public boolean isotropic() {
        List<PlanJson.Layer> layers = plan().layers();
        return layers.stream()
                .allMatch(l -> l.qHeads() == layers.get(0).qHeads()
                        && l.kvHeads() == layers.get(0).kvHeads()
                        && l.ffnHidden() == layers.get(0).ffnHidden());
    }
}
