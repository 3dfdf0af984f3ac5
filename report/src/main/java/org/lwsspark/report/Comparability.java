package org.lwsspark.report;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What makes runs comparable: the same model size, sequence length, dataset (the SHA-256 of its manifest) and
 * token budget. Profiles and seeds may differ; they are what a report compares. The first run is the reference,
 * so a refusal names one field, the two values and the two run directories.
 */
final class Comparability {

    /**
     * One field that must agree, as run.json spells it.
     *
     * @param value what must be equal
     * @param shown how a refusal shows it
     */
    private record Field(String name, Function<ReportedRun, Object> value, Function<ReportedRun, String> shown) {

        Field(String name, Function<ReportedRun, Object> value) {
            this(name, value, r -> String.valueOf(value.apply(r)));
        }
    }

    // Sequence length before the fingerprint: two datasets prepared at different lengths differ in both, and
    // the length is the reason a reader can act on. A budget is equal as a number of tokens, however it factors
    // into steps (runs on different numbers of workers take different steps).
    private static final List<Field> FIELDS = List.of(
            new Field("size", r -> r.info().size()),
            new Field("data.seq_len", r -> r.info().data().seqLen()),
            new Field("data.fingerprint", r -> r.info().data().fingerprint()),
            new Field(
                    "token budget (training.total_steps x training.tokens_per_step)",
                    ReportedRun::tokenBudget,
                    r -> String.format(
                            Locale.ROOT,
                            "%d tokens (%d x %d)",
                            r.tokenBudget(),
                            r.info().training().totalSteps(),
                            r.info().training().tokensPerStep())));

    private Comparability() {}

    /**
     * IllegalArgumentException at the first field in which a run differs from the first run, or where two runs of
     * one profile name have different plans (a {@code --conf} file can redefine a profile): their seeds would be
     * averaged as one model.
     */
    static void require(List<ReportedRun> runs) {
        ReportedRun first = runs.get(0);
        for (ReportedRun run : runs.subList(1, runs.size())) {
            for (Field field : FIELDS) {
                if (!Objects.equals(field.value().apply(first), field.value().apply(run))) {
                    throw new IllegalArgumentException("runs are not comparable: " + field.name() + " is "
                            + field.shown().apply(first) + " in " + first.dir() + " but "
                            + field.shown().apply(run)
                            + " in " + run.dir());
                }
            }
        }
        Map<String, ReportedRun> firstOfProfile = new HashMap<>();
        for (ReportedRun run : runs) {
            ReportedRun same = firstOfProfile.putIfAbsent(run.profile(), run);
            if (same != null && !same.plan().equals(run.plan())) {
                throw new IllegalArgumentException("runs are not comparable: profile " + run.profile() + " has "
                        + "another plan (per-layer widths) in " + run.dir() + " than in " + same.dir());
            }
        }
    }
}
