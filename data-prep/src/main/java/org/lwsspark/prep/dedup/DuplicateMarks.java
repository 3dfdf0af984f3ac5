package org.lwsspark.prep.dedup;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import org.lwsspark.prep.doc.Doc;
import org.lwsspark.prep.doc.DropReason;
import org.lwsspark.prep.filter.MinHash;

/**
 * The documents that deduplication drops, as a compact table broadcast to the executors: 64-bit ids of their
 * origins, sorted, and one reason each. Marking documents through a broadcast table instead of joining them with
 * the list of losers keeps the documents' text out of a shuffle (at 10 M documents the table is ~90 MB at most).
 * Two of 10 M origins share a 64-bit id with probability ~3e-6.
 */
public final class DuplicateMarks implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final DuplicateMarks NONE = new DuplicateMarks(new long[0], new boolean[0]);

    private final long[] originIds;
    private final boolean[] exact;

    private DuplicateMarks(long[] originIds, boolean[] exact) {
        this.originIds = originIds;
        this.exact = exact;
    }

    /** No duplicates (deduplication off, or nothing found). */
    public static DuplicateMarks none() {
        return NONE;
    }

    /** From origin to reason ({@link DropReason#EXACT_DUPLICATE} or {@link DropReason#NEAR_DUPLICATE}). */
    static DuplicateMarks of(Map<String, String> reasonByOrigin) {
        long[] ids = new long[reasonByOrigin.size()];
        int n = 0;
        for (String origin : reasonByOrigin.keySet()) ids[n++] = originId(origin);
        Arrays.sort(ids);
        boolean[] exact = new boolean[ids.length];
        reasonByOrigin.forEach((origin, reason) -> {
            if (reason.equals(DropReason.EXACT_DUPLICATE)) exact[Arrays.binarySearch(ids, originId(origin))] = true;
        });
        return new DuplicateMarks(ids, exact);
    }

    public int size() {
        return originIds.length;
    }

    /** The document, dropped as a duplicate when it is one. */
    public Doc mark(Doc d) {
        if (!d.kept() || originIds.length == 0) return d;
        int i = Arrays.binarySearch(originIds, originId(origin(d)));
        if (i < 0) return d;
        return d.drop(exact[i] ? DropReason.EXACT_DUPLICATE : DropReason.NEAR_DUPLICATE);
    }

    /**
     * A stable, unique key of a record's place in the input; of several duplicates the smallest stays. The title and
     * URL are part of it because the pages of one bz2 block share their offset.
     */
    static String origin(Doc d) {
        return d.file() + "@" + String.format("%016d", d.offset()) + "#" + d.title() + "#" + d.url();
    }

    private static long originId(String origin) {
        return MinHash.hash64(origin);
    }
}
