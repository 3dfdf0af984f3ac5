package org.lwsspark.report;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.lwsspark.run.metrics.MetricRow;

/**
 * One profile's runs (its seeds) and what they come to.
 *
 * @param runs    by seed
 * @param valLoss final validation loss over the runs evaluated so far (empty when none is)
 * @param valPpl  final validation perplexity over the same runs
 * @param delta   change of final validation loss against the isotropic runs of the same seed, over the runs that
 *                have one (empty for the isotropic profile and when no seed has a baseline)
 */
record ProfileSummary(
        String profile,
        List<ReportedRun> runs,
        Optional<Spread> valLoss,
        Optional<Spread> valPpl,
        Optional<Spread> delta) {

    ProfileSummary {
        runs = List.copyOf(runs);
    }

    static ProfileSummary of(String profile, List<ReportedRun> runs, IsotropicBaseline baseline) {
        List<ReportedRun> bySeed = runs.stream()
                .sorted(Comparator.comparingLong(ReportedRun::seed).thenComparing(ReportedRun::dir))
                .toList();
        List<MetricRow> finals =
                bySeed.stream().flatMap(r -> r.finalEval().stream()).toList();
        List<Double> deltas = bySeed.stream()
                .map(baseline::delta)
                .filter(OptionalDouble::isPresent)
                .map(OptionalDouble::getAsDouble)
                .toList();
        return new ProfileSummary(
                profile,
                bySeed,
                spread(finals.stream().map(MetricRow::valLoss).toList()),
                spread(finals.stream().map(MetricRow::valPpl).toList()),
                spread(deltas));
    }

    private static Optional<Spread> spread(List<Double> values) {
        return values.isEmpty() ? Optional.empty() : Optional.of(Spread.of(values));
    }

    boolean isotropic() {
        return runs.get(0).isotropic();
    }

    /** The seeds, in order, as a reader would list them: "seed 1", "seeds 1, 2". */
    String seeds() {
        return (runs.size() == 1 ? "seed " : "seeds ")
                + String.join(
                        ", ", runs.stream().map(r -> Long.toString(r.seed())).toList());
    }
}
