package org.lwsspark.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Comparable runs grouped by profile, profiles best first (lowest mean final validation loss; profiles not
 * evaluated yet last), with the isotropic baseline: what the CSV, the Markdown and the charts render.
 */
record Comparison(List<ProfileSummary> profiles, IsotropicBaseline baseline) {

    Comparison {
        profiles = List.copyOf(profiles);
    }

    /** {@code runs} must be comparable ({@link Comparability}) and non-empty. */
    static Comparison of(List<ReportedRun> runs) {
        IsotropicBaseline baseline = IsotropicBaseline.of(runs);
        Map<String, List<ReportedRun>> byProfile = new LinkedHashMap<>();
        for (ReportedRun r : runs) {
            byProfile.computeIfAbsent(r.profile(), p -> new ArrayList<>()).add(r);
        }
        List<ProfileSummary> profiles = byProfile.entrySet().stream()
                .map(e -> ProfileSummary.of(e.getKey(), e.getValue(), baseline))
                .sorted(Comparator.comparing((ProfileSummary p) -> p.valLoss().isEmpty())
                        .thenComparingDouble(p -> p.valLoss().map(Spread::mean).orElse(0.0))
                        .thenComparing(ProfileSummary::profile))
                .toList();
        return new Comparison(profiles, baseline);
    }

    /** Every run, profile by profile in the profiles' order, each profile's by seed. */
    List<ReportedRun> runs() {
        return profiles.stream().flatMap(p -> p.runs().stream()).toList();
    }

    /** The run the others were checked against; its size, data and budget are every run's. */
    ReportedRun reference() {
        return profiles.get(0).runs().get(0);
    }
}
