package org.lwsspark.data.parquet;

import org.apache.parquet.column.ColumnReader;

/**
 * Rows through parquet-mr's column reader, which decodes every encoding (dictionary, delta...): the path for files
 * that prep did not write. A repetition level of 0 starts a row, 1 continues it, and a definition level below the
 * maximum is an empty list or a null element. Each value costs two level decodes and several virtual calls: on a
 * 50 M-token prep shard (warm JIT, one core) ~45 M ids/s, 63% of the time in the per-value level decoding, where
 * {@link PlainPageRows} reads the same file at ~200 M ids/s.
 */
final class ColumnReaderRows implements IdRows {
    private final ColumnReader col;
    private final int rowLength;
    private final int maxDefinition;
    private final String where;
    private long row;

    /**
     * @param col      positioned at the start of row {@code firstRow} of the file
     * @param firstRow the index in the file of that row, for messages
     */
    ColumnReaderRows(ColumnReader col, int rowLength, String where, long firstRow) {
        this.col = col;
        this.rowLength = rowLength;
        this.maxDefinition = col.getDescriptor().getMaxDefinitionLevel();
        this.where = where;
        this.row = firstRow;
    }

    @Override
    public long row() {
        return row;
    }

    @Override
    public void next(int[] ids) {
        ColumnReader c = col;
        for (int i = 0; i < rowLength; i++) {
            if (i > 0 && c.getCurrentRepetitionLevel() == 0) throw IdRows.wrongLength(where, row, i, rowLength);
            if (c.getCurrentDefinitionLevel() != maxDefinition) {
                if (i == 0) throw IdRows.wrongLength(where, row, 0, rowLength); // an empty or null list
                throw IdRows.nullId(where, row, i);
            }
            ids[i] = c.getInteger();
            c.consume();
        }
        // After the last value the reader reports level 0 (parquet-mr's end-of-column convention), so a row that
        // goes on is the only way to see 1 here.
        if (c.getCurrentRepetitionLevel() != 0) {
            long n = rowLength;
            while (c.getCurrentRepetitionLevel() != 0) {
                c.skip();
                c.consume();
                n++;
            }
            throw IdRows.wrongLength(where, row, n, rowLength);
        }
        row++;
    }
}
