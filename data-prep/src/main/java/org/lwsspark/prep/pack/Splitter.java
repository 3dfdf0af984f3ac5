package org.lwsspark.prep.pack;

import org.lwsspark.data.manifest.OutputLayout;
import org.lwsspark.prep.filter.MinHash;

/**
 * Train/validation assignment by document hash: deterministic, so a document (and every exact copy of it, which
 * has the same hash) is always in the same split, in every run and on every executor.
 */
public final class Splitter {
    private static final long BUCKETS = 1_000_000;

    private Splitter() {
    }

    public static String split(long docHash, double valFraction) {
        long bucket = Long.remainderUnsigned(MinHash.mix(docHash ^ 0x5EED5EED5EEDL), BUCKETS);
        return bucket < Math.round(valFraction * BUCKETS) ? OutputLayout.VAL : OutputLayout.TRAIN;
    }
}
