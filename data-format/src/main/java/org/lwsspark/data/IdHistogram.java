package org.lwsspark.data;

import java.util.Locale;

/**
 * How often each id occurs in some rows, with the vocabulary range checked on the way in: the statistics the guard
 * judges a decoding by (docs/method.md, "The bug not to repeat").
 */
final class IdHistogram {
    private final long[] counts;
    private final String tokenizer;
    private long total;

    IdHistogram(int vocabSize, String tokenizer) {
        this.counts = new long[vocabSize];
        this.tokenizer = tokenizer;
    }

    /** Counts one row; an id outside [0, vocabulary) is an IllegalStateException naming the file and row. */
    void add(int[] ids, String where, long row) {
        long[] c = counts;
        for (int i = 0; i < ids.length; i++) {
            int id = ids[i];
            if (id < 0 || id >= c.length) {
                throw new IllegalStateException(where + ": row " + row + " holds id " + id + " at position " + i
                        + ", outside the vocabulary [0, " + c.length + ") of " + tokenizer);
            }
            c[id]++;
        }
        total += ids.length;
    }

    void addAll(IdHistogram other) {
        for (int i = 0; i < counts.length; i++) counts[i] += other.counts[i];
        total += other.total;
    }

    long total() {
        return total;
    }

    /** EOS must occur: without it documents were not separated, or the ids are not what they seem. */
    void requireEos(int eos, String where) {
        if (total > 0 && counts[eos] == 0) {
            throw new IllegalStateException(where + ": EOS id " + eos + " never occurs in " + total
                    + " tokens: documents were not separated, or the ids are mis-decoded");
        }
    }

    /** No id may take more than {@code limit} of all tokens. */
    void requireShare(double limit, String where) {
        if (total == 0) return;
        int top = 0;
        for (int i = 1; i < counts.length; i++) if (counts[i] > counts[top]) top = i;
        double share = counts[top] / (double) total;
        if (share > limit) {
            throw new IllegalStateException(String.format(
                    Locale.ROOT,
                    "%s: id %d makes up %.1f%% of %d tokens (limit %.0f%%): the ids look mis-decoded "
                            + "(an int32 file read as uint16 makes every second id 0; docs/method.md, \"The bug not to repeat\")",
                    where,
                    top,
                    100 * share,
                    total,
                    100 * limit));
        }
    }
}
