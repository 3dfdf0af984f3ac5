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
        List<String> warnings = new ArrayList<>();
        for (ReportedRun r : comparison.runs()) {
            if (r.finalEval().isEmpty()) {
                warnings.add(r.dir() + ": no evaluation yet: its validation columns are blank");
            }
            if (r.tokensSeen() < r.tokenBudget()) {
                warnings.add(String.format(
                        Locale.ROOT,
                        "%s: trained on %,d of its %,d tokens so far (still " + "running, or stopped)",
                        r.dir(),
                        r.tokensSeen(),
                        r.tokenBudget()));
            }
        }
        Map<String, ProfileStyle> styles = ProfileStyle.of(comparison.profiles());
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(TRAIN_LOSS, ChartStyle.png(CurveChart.trainLoss(comparison, styles, settings.smoothing())));
        files.put(VAL_PPL, ChartStyle.png(CurveChart.valPerplexity(comparison, styles)));
        files.put(ALLOCATION, ChartStyle.png(AllocationChart.of(comparison, styles)));
        List<ReportMarkdown.Chart> charts = List.of(
                new ReportMarkdown.Chart(TRAIN_LOSS, "Training loss against tokens seen, by profile"),
                new ReportMarkdown.Chart(VAL_PPL, "Validation perplexity against tokens seen, by profile"),
                new ReportMarkdown.Chart(ALLOCATION, "FFN width and query heads of every layer, by profile"));
        files.put(CSV, ReportCsv.render(comparison).getBytes(StandardCharsets.UTF_8));
        files.put(MARKDOWN, ReportMarkdown.render(comparison, charts, warnings).getBytes(StandardCharsets.UTF_8));
        return new Report(settings.out(), comparison, warnings, files);
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
