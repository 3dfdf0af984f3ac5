package org.lwsspark.prep;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.lwsspark.data.manifest.Manifest;

/** The table printed at the end of a run: this run's records by source and reason, and the output's totals. */
final class Summary {
    private Summary() {
    }

    static String table(Manifest m, String runId, Map<String, Long> runCounts, double seconds, long bytes, int cores,
                        Map<String, Double> stageSeconds) {
        Map<String, long[]> bySource = new TreeMap<>(); // read, kept
        Map<String, Long> byReason = new TreeMap<>();
        for (Map.Entry<String, Long> e : runCounts.entrySet()) {
            String[] k = e.getKey().split("\t", -1);
            long[] rk = bySource.computeIfAbsent(k[0], x -> new long[2]);
            rk[0] += e.getValue();
            if (k[2].isEmpty()) rk[1] += e.getValue();
            else byReason.merge(k[2], e.getValue(), Long::sum);
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%n[prep] run %s done in %.1f s (%,.1f MB/s of input on %d cores)%n",
                runId, seconds, bytes / 1e6 / Math.max(seconds, 1e-9), cores));
        b.append(String.format(Locale.ROOT, "  %-12s %12s %12s %12s%n", "source", "read", "kept", "dropped"));
        long r = 0;
        long k = 0;
        for (Map.Entry<String, long[]> e : bySource.entrySet()) {
            long[] v = e.getValue();
            r += v[0];
            k += v[1];
            b.append(String.format(Locale.ROOT, "  %-12s %,12d %,12d %,12d%n", e.getKey(), v[0], v[1], v[0] - v[1]));
        }
        b.append(String.format(Locale.ROOT, "  %-12s %,12d %,12d %,12d%n", "total", r, k, r - k));
        b.append(String.format(Locale.ROOT, "  %-32s %12s%n", "dropped, by reason", "records"));
        PrepPipeline.sortedByValue(byReason).forEach((reason, n) ->
                b.append(String.format(Locale.ROOT, "  %-32s %,12d%n", reason, n)));
        b.append(String.format(Locale.ROOT, "  %-8s %12s %14s %12s   (output totals; tokenizer %s, vocab %d, EOS %d)%n",
                "split", "rows", "tokens", "documents", m.tokenizer().name(), m.tokenizer().vocabSize(),
                m.tokenizer().eosId()));
        m.splits().forEach((name, s) -> b.append(String.format(Locale.ROOT, "  %-8s %,12d %,14d %,12d%n", name,
                s.rows(), s.tokens(), s.documents())));
        b.append("  stages (s):");
        stageSeconds.forEach((stage, s) -> b.append(String.format(Locale.ROOT, " %s %.1f;", stage, s)));
        return b.append('\n').toString();
    }
}
