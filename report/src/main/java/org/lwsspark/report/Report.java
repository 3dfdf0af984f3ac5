package org.lwsspark.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A comparison report of training runs. {@link #build} does everything that can fail on the input (reading every
 * run, checking they are comparable, rendering every file) in memory and writes nothing, so a refused set of runs
 * leaves {@code --out} untouched; {@link #write} then writes each file under a hidden name and renames it.
 */
public final class Report {

    public static final String CSV = "report.csv";
    public static final String MARKDOWN = "report.md";
    public static final String TRAIN_LOSS = "train-loss.png";
    public static final String VAL_PPL = "val-ppl.png";
    public static final String DELTA = "delta-vs-isotropic.png";
    public static final String ALLOCATION = "layer-allocation.png";

    private final Path out;
    private final Comparison comparison;
    private final List<String> warnings;
    private final Map<String, byte[]> files;

    private Report(Path out, Comparison comparison, List<String> warnings, Map<String, byte[]> files) {
        this.out = out;
        this.comparison = comparison;
        this.warnings = List.copyOf(warnings);
        this.files = files;
    }

    /** Reads and checks the runs and renders the report; IllegalArgumentException naming what is refused. */
    public static Report build(ReportSettings settings) {
        List<ReportedRun> runs = RunDiscovery.expand(settings.runs()).stream()
                .map(ReportedRun::load)
                .toList();
        Comparability.require(runs);
        Comparison comparison = Comparison.of(runs);
        RunPaths paths =
                RunPaths.of(comparison.runs().stream().map(ReportedRun::dir).toList());
        Map<String, ProfileStyle> styles = ProfileStyle.of(comparison.profiles());
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(
                TRAIN_LOSS,
                CurveChart.trainLoss(comparison, styles, settings.smoothing()).png());
        files.put(VAL_PPL, CurveChart.valPerplexity(comparison, styles).png());
        List<ReportMarkdown.Chart> charts = new ArrayList<>();
        if (DeltaChart.validation(comparison).stream().anyMatch(d -> !d.paired().isEmpty())) {
            files.put(DELTA, ChartStyle.png(DeltaChart.of(comparison, styles, settings.smoothing())));
            charts.add(new ReportMarkdown.Chart(
                    DELTA, "Validation and training loss minus isotropic's, paired by seed, against tokens seen"));
        }
        files.put(ALLOCATION, ChartStyle.png(AllocationChart.of(comparison, styles)));
        charts.add(new ReportMarkdown.Chart(
                TRAIN_LOSS, "Training loss against tokens seen, by profile; under it, the last half zoomed"));
        charts.add(new ReportMarkdown.Chart(
                VAL_PPL, "Validation perplexity against tokens seen, by profile; under it, the last half zoomed"));
        charts.add(new ReportMarkdown.Chart(ALLOCATION, "FFN width and query heads of every layer, by profile"));
        files.put(CSV, ReportCsv.render(comparison).getBytes(StandardCharsets.UTF_8));
        files.put(
                MARKDOWN,
                ReportMarkdown.render(comparison, charts, warnings(comparison, paths::shown), paths)
                        .getBytes(StandardCharsets.UTF_8));
        List<String> warnings = warnings(comparison, Path::toString);
        return new Report(settings.out(), comparison, warnings, files);
    }

    /**
     * Runs without an evaluation and unfinished runs, each named by {@code name}: absolute on the terminal,
     * relative in report.md ({@link RunPaths}).
     */
    private static List<String> warnings(Comparison comparison, Function<Path, String> name) {
        List<String> warnings = new ArrayList<>();
        for (ReportedRun r : comparison.runs()) {
            if (r.finalEval().isEmpty()) {
                warnings.add(name.apply(r.dir()) + ": no evaluation yet: its validation columns are blank");
            }
            if (r.tokensSeen() < r.tokenBudget()) {
                warnings.add(String.format(
                        Locale.ROOT,
                        "%s: trained on %,d of its %,d tokens so far (still running, or stopped)",
                        name.apply(r.dir()),
                        r.tokensSeen(),
                        r.tokenBudget()));
            }
        }
        return warnings;
    }

    /** What a reader should know before trusting the report: runs without an evaluation, unfinished runs. */
    public List<String> warnings() {
        return warnings;
    }

    /** One line per profile, best first: its runs, final validation loss (mean and min–max) and change. */
    public List<String> summary() {
        return comparison.profiles().stream()
                .map(p -> String.format(
                        Locale.ROOT,
                        "%-16s %d run%s  %s  %s",
                        p.profile(),
                        p.runs().size(),
                        p.runs().size() == 1 ? " " : "s",
                        p.valLoss()
                                .map(s -> String.format(Locale.ROOT, "val loss %.4f", s.mean())
                                        + (s.n() > 1
                                                ? String.format(Locale.ROOT, " (min–max %.4f–%.4f)", s.min(), s.max())
                                                : ""))
                                .orElse("not evaluated"),
                        p.isotropic()
                                ? "baseline"
                                : p.delta()
                                        .map(s -> String.format(Locale.ROOT, "Δ vs isotropic %+.4f", s.mean()))
                                        .orElse("")))
                .map(String::stripTrailing)
                .toList();
    }

    /** Where {@link #write} writes: {@code --out}, absolute. */
    public Path out() {
        return out;
    }

    /** The names of the files {@link #write} writes, in order. */
    public List<String> fileNames() {
        return List.copyOf(files.keySet());
    }

    /** Creates {@code --out} and writes every file into it, each atomically; other files there are left alone. */
    public void write() {
        try {
            Files.createDirectories(out);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path staging = out.resolve("." + f.getKey() + ".writing");
                Files.write(staging, f.getValue());
                Files.move(
                        staging,
                        out.resolve(f.getKey()),
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + out + ": " + e.getMessage(), e);
        }
    }
}
