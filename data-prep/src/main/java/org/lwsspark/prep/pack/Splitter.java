package org.lwsspark.prep.pack;

import java.io.Serializable;
import java.util.Set;
import org.lwsspark.data.manifest.OutputLayout;
import org.lwsspark.prep.filter.MinHash;

/**
 * Train/validation assignment by document hash: deterministic, so a document (and every exact copy of it, which
 * has the same hash) is always in the same split, in every run and on every executor. A document goes to
 * validation when its bucket falls under {@code valFraction}, or when its hash is one of {@code promoted}: the
 * documents a small corpus moves to validation so that it has one at all (see {@link #rank}).
 *
 * @param promoted hashes of documents in validation whatever their bucket
 */
public record Splitter(double valFraction, Set<Long> promoted) implements Serializable {
    private static final long BUCKETS = 1_000_000;

    public Splitter {
        promoted = Set.copyOf(promoted);
    }

    /** The split by fraction alone. */
    public static Splitter byFraction(double valFraction) {
        return new Splitter(valFraction, Set.of());
    }

    public String split(long docHash) {
        boolean val = bucket(docHash) < Math.round(valFraction * BUCKETS) || promoted.contains(docHash);
        return val ? OutputLayout.VAL : OutputLayout.TRAIN;
    }

    /**
     * The pseudo-random bucket the split draws on. Documents promoted to validation are the training documents with
     * the smallest buckets (then hashes): the ones the fraction would take first if it were larger.
     */
    public static long bucket(long docHash) {
        return Long.remainderUnsigned(MinHash.mix(docHash ^ 0x5EED5EED5EEDL), BUCKETS);
    }
}
