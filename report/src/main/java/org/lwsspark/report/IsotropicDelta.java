package org.lwsspark.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One profile's change against isotropic over tokens, paired by seed as {@link IsotropicBaseline} pairs the final
 * losses: for each run, its curve minus the mean curve of the isotropic runs of its own seed, at the tokens both
 * logged (runs of a comparison log and evaluate at the same steps; no value is interpolated), then the seeds'
 * differences brought together in a {@link SeedBand}. The last validation point of a finished run is therefore
 * its Δ of the report's tables.
 *
 * @param band     the mean and min–max over the paired seeds at each token count (empty when no run is paired)
 * @param paired   the runs that have an isotropic run of their seed, by seed
 * @param unpaired the runs left out: no isotropic run of their seed has a value at any of their token counts
 *                 (a run with no value yet, not evaluated, is in neither list)
 */
record IsotropicDelta(String profile, SeedBand band, List<ReportedRun> paired, List<ReportedRun> unpaired) {

    IsotropicDelta {
        paired = List.copyOf(paired);
        unpaired = List.copyOf(unpaired);
    }

    /**
     * {@code profile}'s runs against {@code isotropic} (every isotropic run of the comparison, of any profile: the
     * baseline pools them by seed), each run's curve taken by {@code curveOf}.
     */
    static IsotropicDelta of(
            ProfileSummary profile, List<ReportedRun> isotropic, Function<ReportedRun, Curve> curveOf) {
        Map<Long, List<Curve>> baselineBySeed = new HashMap<>();
        for (ReportedRun r : isotropic) {
            Curve c = curveOf.apply(r);
            if (c.x().length > 0) {
                baselineBySeed.computeIfAbsent(r.seed(), s -> new ArrayList<>()).add(c);
            }
        }
        List<Curve> deltas = new ArrayList<>();
        List<ReportedRun> paired = new ArrayList<>();
        List<ReportedRun> unpaired = new ArrayList<>();
        for (ReportedRun run : profile.runs()) {
            Curve curve = curveOf.apply(run);
            if (curve.x().length == 0) {
                continue; // not evaluated yet: the report warns of it, and it has nothing to pair
            }
            List<Curve> baseline = baselineBySeed.get(run.seed());
            Curve delta = baseline == null ? null : minus(curve, SeedBand.of(baseline));
            if (delta == null || delta.x().length == 0) {
                unpaired.add(run);
            } else {
                paired.add(run);
                deltas.add(delta);
            }
        }
        SeedBand band = deltas.isEmpty() ? new SeedBand(List.of()) : SeedBand.of(deltas);
        return new IsotropicDelta(profile.profile(), band, paired, unpaired);
    }

    /** {@code curve} minus the baseline's mean at every x both have. */
    static Curve minus(Curve curve, SeedBand baseline) {
        Map<Double, Double> base = new HashMap<>();
        baseline.points().forEach(p -> base.put(p.x(), p.y().mean()));
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < curve.x().length; i++) {
            Double b = base.get(curve.x()[i]);
            if (b != null) {
                points.add(new double[] {curve.x()[i], curve.y()[i] - b});
            }
        }
        return new Curve(
                points.stream().mapToDouble(p -> p[0]).toArray(),
                points.stream().mapToDouble(p -> p[1]).toArray());
    }
}
