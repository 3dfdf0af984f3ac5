package org.lwsspark.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.lwsspark.run.metrics.MetricRow;

/**
 * The isotropic runs every other run is measured against, seed by seed: a run's change is its final validation
 * loss minus the mean final validation loss of the isotropic runs of its own seed. Pairing by seed takes out what a
 * seed does to every profile alike (the data order is a function of the seed), so the change is less noisy than a
 * difference of means over seeds.
 */
final class IsotropicBaseline {

    private final Map<Long, List<Double>> lossBySeed;

    private IsotropicBaseline(Map<Long, List<Double>> lossBySeed) {
        this.lossBySeed = lossBySeed;
    }

    /** The isotropic runs among {@code runs} that have been evaluated. */
    static IsotropicBaseline of(List<ReportedRun> runs) {
        Map<Long, List<Double>> bySeed = new HashMap<>();
        for (ReportedRun r : runs) {
            if (r.isotropic() && r.finalEval().isPresent()) {
                bySeed.computeIfAbsent(r.seed(), s -> new ArrayList<>())
                        .add(r.finalEval().get().valLoss());
            }
        }
        return new IsotropicBaseline(bySeed);
    }

    /**
     * The run's final validation loss minus its seed's isotropic mean; empty for an isotropic run, a run not
     * evaluated yet, or a seed without an evaluated isotropic run.
     */
    OptionalDouble delta(ReportedRun run) {
        List<Double> baseline = lossBySeed.get(run.seed());
        if (run.isotropic() || baseline == null || run.finalEval().isEmpty()) {
            return OptionalDouble.empty();
        }
        MetricRow last = run.finalEval().get();
        return OptionalDouble.of(last.valLoss() - Spread.of(baseline).mean());
    }
}
