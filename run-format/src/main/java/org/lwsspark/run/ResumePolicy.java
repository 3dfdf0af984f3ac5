package org.lwsspark.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a resumed run may change: a resume must train what the run started training (same data, parallelism and
 * settings), so it compares the run's {@code run.json} with the one the resume resolves to, and refuses a change
 * by naming the setting, both values and the file.
 */
public final class ResumePolicy {

    /** Settings a resumed run may change: they do not alter what is trained. */
    private static final Set<String> CHANGEABLE =
            Set.of("threads-per-worker", "log-every", "checkpoint.keep", "metrics.flush-seconds");
    /** Settings newer than some runs, with the value that those runs trained with. */
    private static final Map<String, Object> ADDED_SINCE = Map.of("averaging-state", "\"all\"");
    /** The run's length may change too, unless the schedule decays over it. */
    private static final Set<String> LENGTH = Set.of("max-steps", "tokens");
    /** The schedule that decays over the run's length, as {@code optimizer.schedule} names it. */
    private static final String DECAYS_OVER_LENGTH = "\"warmup-cosine\"";

    private ResumePolicy() {}

    /** Refuses the resume where {@code now} would train something other than {@code previous} (read from {@code where}). */
    public static void requireCompatible(RunInfo previous, RunInfo now, String where) {
        if (!Objects.equals(previous.data().fingerprint(), now.data().fingerprint())) {
            throw new IllegalArgumentException("--data " + now.data().dir() + " is not the dataset the run started on ("
                    + previous.data().dir() + ", manifest SHA-256 "
                    + previous.data().fingerprint() + ", in " + where + ")");
        }
        if (previous.training().workers() != now.training().workers()) {
            throw new IllegalArgumentException(
                    "the run trained with " + previous.training().workers() + " workers ("
                            + where + "), this Spark application would use "
                            + now.training().workers()
                            + ": set lws.train.workers, or use the same master");
        }
        Map<String, Object> before = flatten(previous.config());
        ADDED_SINCE.forEach(before::putIfAbsent);
        Map<String, Object> after = flatten(now.config());
        boolean lengthMayChange = !DECAYS_OVER_LENGTH.equals(String.valueOf(after.get("optimizer.schedule")));
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            boolean free = CHANGEABLE.contains(key) || (lengthMayChange && LENGTH.contains(key));
            if (!free && !Objects.equals(before.get(key), after.get(key))) {
                throw new IllegalArgumentException("setting lws.train." + key + " is " + after.get(key)
                        + ", but the run was started with " + before.get(key) + " (" + where
                        + "); a resumed run keeps its settings"
                        + (LENGTH.contains(key) ? " (a warmup-cosine schedule decays over the run's length)" : ""));
            }
        }
    }

    /** Dotted key to value; numbers compare by value ({@code 1e-3} equals {@code 0.001}), the rest as JSON text. */
    private static Map<String, Object> flatten(JsonNode node) {
        Map<String, Object> out = new TreeMap<>();
        flatten("", node, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Object> out) {
        if (node.isObject()) {
            node.fields()
                    .forEachRemaining(
                            e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
        } else {
            out.put(prefix, node.isNumber() ? (Object) node.decimalValue().stripTrailingZeros() : node.toString());
        }
    }
}
