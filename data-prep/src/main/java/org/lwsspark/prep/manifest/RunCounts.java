package org.lwsspark.prep.manifest;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.spark.api.java.JavaRDD;
import org.lwsspark.data.manifest.Manifest;
import org.lwsspark.prep.doc.Doc;

/**
 * Every record one run read, counted by source, input file and outcome: what the manifest and the summary add up
 * ({@code read = kept + sum(dropped)} for each source, each file and the whole run).
 */
public record RunCounts(Map<Key, Long> byKey) implements Serializable {
    /** No records. */
    public static final Manifest.Counts NONE = new Manifest.Counts(0, 0, 0, Map.of());

    /** Where a record came from and what became of it; {@code reason} is empty for a kept record. */
    public record Key(String source, String file, String reason) implements Serializable {
        static Key of(Doc d) {
            return new Key(d.source(), d.file(), d.kept() ? "" : d.dropReason());
        }

        boolean kept() {
            return reason.isEmpty();
        }
    }

    /** Counts the records on the executors; only the (source, file, reason) totals come back to the driver. */
    public static RunCounts of(JavaRDD<Doc> records) {
        return new RunCounts(Map.copyOf(records.map(Key::of).countByValue()));
    }

    /** Per source (wiki, warc, wet, text, jsonl). */
    public Map<String, Manifest.Counts> bySource() {
        return grouped(Key::source);
    }

    /** Per input file (its path as discovered). */
    public Map<String, Manifest.Counts> byFile() {
        return grouped(Key::file);
    }

    /** The whole run. */
    public Manifest.Counts total() {
        return byKey.entrySet().stream()
                .map(e -> counts(e.getKey(), e.getValue()))
                .reduce(NONE, RunCounts::add);
    }

    private Map<String, Manifest.Counts> grouped(Function<Key, String> group) {
        Map<String, Manifest.Counts> out = new TreeMap<>();
        byKey.forEach((key, n) -> out.merge(group.apply(key), counts(key, n), RunCounts::add));
        return out;
    }

    private static Manifest.Counts counts(Key key, long n) {
        return new Manifest.Counts(
                n, key.kept() ? n : 0, key.kept() ? 0 : n, key.kept() ? Map.of() : Map.of(key.reason(), n));
    }

    /** The sum of two counts. */
    public static Manifest.Counts add(Manifest.Counts a, Manifest.Counts b) {
        Map<String, Long> reasons = new TreeMap<>(a.droppedByReason());
        b.droppedByReason().forEach((r, n) -> reasons.merge(r, n, Long::sum));
        return new Manifest.Counts(a.read() + b.read(), a.kept() + b.kept(), a.dropped() + b.dropped(), reasons);
    }
}
