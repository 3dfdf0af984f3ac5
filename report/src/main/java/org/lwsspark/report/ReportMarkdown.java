package org.lwsspark.report;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.lwsspark.run.PlanJson;
import org.lwsspark.run.RunInfo;
import org.lwsspark.run.metrics.MetricRow;

/**
 * {@code report.md}: what was compared, the profiles best first with their spread over seeds and their change
 * against isotropic, every run, the charts (relative links, so the directory can be moved or published as it is)
 * and how to read it all.
 */
final class ReportMarkdown {

    private ReportMarkdown() {}

    /** A chart: its file, linked relative to report.md, and the text shown where the image is not. */
    record Chart(String file, String alt) {}

    static String render(Comparison c, List<Chart> charts, List<String> warnings, RunPaths paths) {
        StringBuilder md = new StringBuilder();
        ReportedRun ref = c.reference();
        RunInfo info = ref.info();
        md.append("# LWS comparison: ")
                .append(String.join(
                        ", ", c.profiles().stream().map(ProfileSummary::profile).toList()))
                .append(" at size ")
                .append(info.size())
                .append("\n\n");
        if (!warnings.isEmpty()) {
            md.append("**Warnings**\n\n");
            warnings.forEach(w -> md.append("- ").append(w).append('\n'));
            md.append('\n');
        }

        md.append("## What was compared\n\n");
        md.append(String.format(
                Locale.ROOT,
                "%d runs of %d profiles, all checked to share the data, the token "
                        + "budget, the sequence length and the model size:%n%n",
                c.runs().size(),
                c.profiles().size()));
        md.append("| | |\n|---|---|\n");
        row(
                md,
                "data",
                "`" + RunPaths.recorded(info.data().dir()) + "`, tokenizer "
                        + info.data().tokenizer() + ", fingerprint `"
                        + info.data().fingerprint() + "` (SHA-256 of its manifest)");
        row(
                md,
                "token budget",
                String.format(
                        Locale.ROOT,
                        "%,d training tokens per run (%,d steps x %,d tokens)",
                        ref.tokenBudget(),
                        info.training().totalSteps(),
                        info.training().tokensPerStep()));
        row(md, "sequence length", info.data().seqLen() + " tokens");
        row(md, "model size", info.size() + " (vocabulary " + info.data().vocabSize() + ")");
        row(md, "validation", evalRows(ref));
        for (ProfileSummary p : c.profiles()) {
            PlanJson plan = p.runs().get(0).plan();
            row(
                    md,
                    "`" + p.profile() + "`",
                    String.format(
                            Locale.ROOT,
                            "%d blocks, %,d parameters (%,d " + "non-embedding); %s",
                            plan.layers().size(),
                            plan.totalParams(),
                            plan.nonEmbeddingParams(),
                            p.seeds()));
        }
        md.append('\n');

        md.append("## Final validation loss by profile\n\n");
        md.append("Best first. Loss in nats/token on the validation split. A profile with several seeds shows the "
                + "mean over its seeds and, as its spread, the lowest and highest seed (min–max); one seed has no "
                + "spread. Δ is the change against the isotropic runs of the same seed (negative: better than "
                + "isotropic).\n\n");
        md.append("| profile | runs | final val loss, mean | min–max | val perplexity, mean | Δ val loss vs "
                + "isotropic, mean | Δ min–max | tokens/s, mean |\n");
        md.append("|---|---|---:|---|---:|---:|---|---:|\n");
        for (ProfileSummary p : c.profiles()) {
            OptionalDouble speed = p.runs().stream()
                    .map(ReportedRun::meanTokensPerS)
                    .filter(OptionalDouble::isPresent)
                    .mapToDouble(OptionalDouble::getAsDouble)
                    .average();
            md.append("| `")
                    .append(cell(p.profile()))
                    .append("` | ")
                    .append(p.runs().size())
                    .append(" (")
                    .append(p.seeds())
                    .append(") | ")
                    .append(p.valLoss().map(s -> loss(s.mean())).orElse("not evaluated"))
                    .append(" | ")
                    .append(range(p.valLoss(), "%.4f"))
                    .append(" | ")
                    .append(p.valPpl()
                            .map(s -> String.format(Locale.ROOT, "%.2f", s.mean()))
                            .orElse(""))
                    .append(" | ")
                    .append(
                            p.isotropic()
                                    ? "baseline"
                                    : p.delta().map(s -> delta(s.mean())).orElse("no baseline"))
                    .append(" | ")
                    .append(range(p.delta(), "%+.4f"))
                    .append(" | ")
                    .append(speed.isPresent() ? String.format(Locale.ROOT, "%,.0f", speed.getAsDouble()) : "")
                    .append(" |\n");
        }
        if (c.profiles().stream().noneMatch(ProfileSummary::isotropic)) {
            md.append("\nNo isotropic run (every block the same width) is among these runs: there is no Δ.\n");
        }
        md.append('\n');

        md.append("## Runs\n\n");
        md.append("| profile | seed | run | final val loss | val perplexity | Δ vs isotropic | tokens seen | steps "
                + "| tokens/s, mean | wall time (s) |\n");
        md.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ReportedRun r : c.runs()) {
            Optional<MetricRow> last = r.finalEval();
            OptionalDouble d = c.baseline().delta(r);
            OptionalDouble speed = r.meanTokensPerS();
            md.append("| `")
                    .append(cell(r.profile()))
                    .append("` | ")
                    .append(r.seed())
                    .append(" | `")
                    .append(cell(r.info().runId()))
                    .append("` | ")
                    .append(last.map(e -> loss(e.valLoss())).orElse(""))
                    .append(" | ")
                    .append(last.map(e -> String.format(Locale.ROOT, "%.2f", e.valPpl()))
                            .orElse(""))
                    .append(" | ")
                    .append(d.isPresent() ? delta(d.getAsDouble()) : "")
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%,d | %,d | ", r.tokensSeen(), r.steps()))
                    .append(speed.isPresent() ? String.format(Locale.ROOT, "%,.0f", speed.getAsDouble()) : "")
                    .append(String.format(Locale.ROOT, " | %,.1f |%n", r.wallS()));
        }
        md.append("\nRun directories: ")
                .append(String.join(
                        ", ",
                        c.runs().stream()
                                .map(r -> "`" + paths.shown(r.dir()) + "`")
                                .toList()))
                .append(".\n\n");

        md.append("## Charts\n\n");
        for (Chart chart : charts) {
            md.append("![")
                    .append(chart.alt())
                    .append("](")
                    .append(chart.file())
                    .append(")\n\n");
            if (chart.file().equals(Report.DELTA)) {
                md.append(deltaNote(c));
            }
        }

        md.append("## How to read this\n\n");
        md.append("- Lower is better: validation loss is the mean cross-entropy in nats per token of the held-out "
                + "split, perplexity is e^loss. The training loss is noisier (each point is one step's batches) "
                + "and is shown smoothed.\n");
        md.append("- Δ vs isotropic pairs runs by seed: a run's final validation loss minus the mean of the "
                + "isotropic runs of the same seed; a profile's Δ is the mean of its runs' (min–max beside it).\n");
        md.append("- The spread is min–max over seeds. A difference between profiles smaller than their seeds' "
                + "spread is not evidence that one is better; with one seed per profile there is no spread to judge "
                + "by, so train more seeds before drawing a conclusion.\n");
        md.append("- All runs saw the same data and token budget at the same model size; a run that has not "
                + "finished (warnings above) is compared at fewer tokens than the others.\n");
        return md.toString();
    }

    /** What the Δ chart draws, and the runs it leaves out for want of an isotropic run of their seed. */
    private static String deltaNote(Comparison c) {
        StringBuilder note = new StringBuilder(String.format(
                Locale.ROOT,
                "Each run's loss minus the isotropic run's of the same seed at the same tokens; the line is the mean "
                        + "over a profile's seeds, the band their min–max, 0 is isotropic. Top: validation loss "
                        + "(its last point is the Δ above); bottom: training loss, smoothed. The first %.0f%% of "
                        + "the tokens is not drawn.",
                100 * DeltaChart.SKIPPED_FRACTION));
        List<String> left = DeltaChart.validation(c).stream()
                .flatMap(d -> d.unpaired().stream().map(r -> "`" + r.info().runId() + "` (seed " + r.seed() + ")"))
                .toList();
        if (!left.isEmpty()) {
            note.append(" Left out, no isotropic run of their seed: ")
                    .append(String.join(", ", left))
                    .append('.');
        }
        return note.append("\n\n").toString();
    }

    private static String evalRows(ReportedRun run) {
        int rows = run.info().config() == null
                ? 0
                : run.info().config().path("eval").path("rows").asInt(0);
        return rows == 0
                ? "every row of the validation split"
                : "the first " + rows + " rows of the validation " + "split, the same at every evaluation";
    }

    private static void row(StringBuilder md, String key, String value) {
        md.append("| ").append(key).append(" | ").append(value).append(" |\n");
    }

    private static String range(Optional<Spread> spread, String format) {
        return spread.filter(s -> s.n() > 1)
                .map(s -> String.format(Locale.ROOT, format + "–" + format, s.min(), s.max()))
                .orElse("");
    }

    private static String loss(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static String delta(double value) {
        return String.format(Locale.ROOT, "%+.4f", value);
    }

    /** A table cell cannot hold a bare {@code |}. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
