package org.lwsspark.data.parquet;

/**
 * Rows of exactly {@code rowLength} ids decoded from one row group (or the pages of it that were read), in order.
 * A row of another length, an empty or null list and a null id are errors that name the file and the row: a wrong
 * row must never shift the ones after it.
 */
interface IdRows {
    /** The index in the file of the row {@link #next} decodes. */
    long row();

    /** Decodes the next row into {@code ids} (length rowLength). */
    void next(int[] ids);

    /** Decodes and drops {@code n} rows (checked like the others). */
    default void skip(long n, int[] scratch) {
        for (long k = 0; k < n; k++) next(scratch);
    }

    static IllegalStateException wrongLength(String where, long row, long n, int rowLength) {
        return new IllegalStateException(
                where + ": row " + row + " has " + n + " ids, expected " + rowLength + " (seq_len + 1)");
    }

    static IllegalStateException nullId(String where, long row, int position) {
        return new IllegalStateException(where + ": row " + row + " holds a null id at position " + position);
    }
}
