package org.lwsspark.prep;

import java.util.Locale;
import java.util.Map;
import org.lwsspark.data.manifest.Manifest;
import org.lwsspark.prep.manifest.ManifestUpdate;

/** The table printed at the end of a run: this run's records by source and reason, and the output's totals. */
final class Summary {
    private Summary() {}

    static String table(
            Manifest m, ManifestUpdate.CommittedRun run, long bytes, int cores, Map<String, Double> stageSeconds) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "%n[prep] run %s done in %.1f s (%,.1f MB/s of input on %d cores)%n",
                run.id(),
                run.seconds(),
                bytes / 1e6 / Math.max(run.seconds(), 1e-9),
                cores));
        b.append(String.format(Locale.ROOT, "  %-12s %12s %12s %12s%n", "source", "read", "kept", "dropped"));
        run.counts().bySource().forEach((source, c) -> b.append(row(source, c)));
        Manifest.Counts total = run.counts().total();
        b.append(row("total", total));
        b.append(String.format(Locale.ROOT, "  %-32s %12s%n", "dropped, by reason", "records"));
        total.droppedByReason().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> b.append(String.format(Locale.ROOT, "  %-32s %,12d%n", e.getKey(), e.getValue())));
        b.append(String.format(
                Locale.ROOT,
                "  %-8s %12s %14s %12s   (output totals; tokenizer %s, vocab %d, EOS %d)%n",
                "split",
                "rows",
                "tokens",
                "documents",
                m.tokenizer().name(),
                m.tokenizer().vocabSize(),
                m.tokenizer().eosId()));
        m.splits()
                .forEach((name, s) -> b.append(String.format(
                        Locale.ROOT, "  %-8s %,12d %,14d %,12d%n", name, s.rows(), s.tokens(), s.documents())));
        b.append("  stages (s):");
        stageSeconds.forEach((stage, s) -> b.append(String.format(Locale.ROOT, " %s %.1f;", stage, s)));
        return b.append('\n').toString();
    }

    private static String row(String name, Manifest.Counts c) {
        return String.format(Locale.ROOT, "  %-12s %,12d %,12d %,12d%n", name, c.read(), c.kept(), c.dropped());
    }
}
