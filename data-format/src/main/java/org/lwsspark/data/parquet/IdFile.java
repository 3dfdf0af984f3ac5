package org.lwsspark.data.parquet;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.apache.parquet.internal.filter2.columnindex.ColumnIndexStore;
import org.apache.parquet.internal.filter2.columnindex.RowRanges;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.GroupType;

/**
 * One shard file open for reading its ids: the footer read once, the schema checked ({@link IdColumn}), only the
 * {@code input_ids} column read; prep's plain pages decoded a page at a time ({@link PlainPageRows}), other
 * encodings through parquet-mr's column reader ({@link ColumnReaderRows}). Two ways in: {@link #scan} decodes every
 * row in order (the guard), {@link #read} decodes a span of rows from only the pages that hold it, found through the
 * offset index parquet-mr writes next to the footer (a prep file of 50 M tokens at seq_len 1024 has ~150 pages of
 * ~325 rows; a span of 2,048 rows lies in 7 or 8 of them). Files without an offset index are read from the start of
 * the row group: correct, and slower the further the span. Not thread-safe: one instance per reading thread.
 */
public final class IdFile implements Closeable {
    private final ParquetFileReader reader;
    private final IdColumn column;
    private final ColumnPath path;
    private final String createdBy;
    private final String where;

    private IdFile(ParquetFileReader reader, IdColumn column, String where) {
        this.reader = reader;
        this.column = column;
        this.path = ColumnPath.get(column.leaf().getPath());
        this.createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
        this.where = where;
    }

    /**
     * Opens {@code file} (a URI or path of any Hadoop file system; messages name it as given) and checks its schema:
     * IllegalStateException naming the file when it does not hold int32 ids.
     */
    public static IdFile open(String file, Configuration conf) throws IOException {
        ParquetFileReader r = ParquetFileReader.open(
                HadoopInputFile.fromPath(new Path(file), conf),
                HadoopReadOptions.builder(conf).build());
        try {
            IdColumn col = IdColumn.of(r.getFooter().getFileMetaData().getSchema(), file);
            r.setRequestedSchema(col.projection());
            return new IdFile(r, col, file);
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
    }

    /** Rows in the file, from its footer. */
    public long rows() {
        return reader.getRecordCount();
    }

    /** Receives the rows of a {@link #scan}. The array is reused: copy what is kept. */
    @FunctionalInterface
    public interface RowVisitor {
        void row(long index, int[] ids);
    }

    /** Decodes every row in file order, checking that each has exactly {@code rowLength} ids. */
    public void scan(int rowLength, RowVisitor visitor) throws IOException {
        int[] ids = new int[rowLength];
        long start = 0;
        List<BlockMetaData> blocks = reader.getRowGroups();
        for (int b = 0; b < blocks.size(); b++) {
            long n = blocks.get(b).getRowCount();
            if (n == 0) continue;
            IdRows d = rows(b, reader.readRowGroup(b), rowLength, start);
            for (long k = 0; k < n; k++) {
                long index = d.row();
                d.next(ids);
                visitor.row(index, ids);
            }
            start += n;
        }
    }

    /**
     * Rows {@code [first, first + count)} in file order, each {@code rowLength} ids. The range must lie inside the
     * file (IllegalArgumentException naming the file otherwise).
     */
    public int[][] read(long first, int count, int rowLength) throws IOException {
        if (first < 0 || count < 0 || first + count > rows()) {
            throw new IllegalArgumentException(where + ": rows [" + first + ", " + (first + count)
                    + ") are not inside the file's " + rows() + " rows");
        }
        int[][] out = new int[count][];
        int filled = 0;
        long start = 0; // the file's index of the row group's first row
        List<BlockMetaData> blocks = reader.getRowGroups();
        int[] scratch = new int[rowLength];
        for (int b = 0; b < blocks.size() && filled < count; b++) {
            long n = blocks.get(b).getRowCount();
            long from = first + filled - start; // inside this row group
            if (from < n) {
                int take = (int) Math.min(n - from, count - filled);
                IdRows d = pagesFrom(b, from, take, rowLength, start);
                d.skip(start + from - d.row(), scratch);
                for (int k = 0; k < take; k++) {
                    out[filled] = new int[rowLength];
                    d.next(out[filled++]);
                }
            }
            start += n;
        }
        return out;
    }

    /**
     * Rows from one at or before row {@code from} of row group {@code b}, over the pages that hold rows
     * {@code [from, from + count)}: pages start at row boundaries (parquet-mr closes pages only between records,
     * and the offset index records each page's first row), so the rows start at the first chosen page's row.
     */
    private IdRows pagesFrom(int b, long from, int count, int rowLength, long start) throws IOException {
        long n = reader.getRowGroups().get(b).getRowCount();
        OffsetIndex oi = offsetIndex(b);
        if (oi == null) return rows(b, reader.readRowGroup(b), rowLength, start);
        long last = from + count - 1;
        int[] pages = IntStream.range(0, oi.getPageCount())
                .filter(p -> oi.getFirstRowIndex(p) <= last && oi.getLastRowIndex(p, n) >= from)
                .toArray();
        RowRanges ranges = RowRanges.create(n, IntStream.of(pages).iterator(), oi);
        return rows(b, reader.readFilteredRowGroup(b, ranges), rowLength, start + oi.getFirstRowIndex(pages[0]));
    }

    private OffsetIndex offsetIndex(int b) {
        try {
            return reader.getColumnIndexStore(b).getOffsetIndex(path);
        } catch (ColumnIndexStore.MissingOffsetIndexException e) {
            return null;
        }
    }

    /** Plain pages decoded a page at a time when the chunk has only those, parquet-mr's column reader otherwise. */
    private IdRows rows(int b, PageReadStore pages, int rowLength, long firstRow) {
        ColumnChunkMetaData chunk = reader.getRowGroups().get(b).getColumns().stream()
                .filter(c -> c.getPath().equals(path))
                .findFirst()
                .orElseThrow();
        if (PlainPageRows.accepts(chunk)) {
            return new PlainPageRows(pages.getPageReader(column.leaf()), column.leaf(), rowLength, where, firstRow);
        }
        ColumnReader col = new ColumnReadStoreImpl(
                        pages, noOpConverter(column.projection()), column.projection(), createdBy)
                .getColumnReader(column.leaf());
        return new ColumnReaderRows(col, rowLength, where, firstRow);
    }

    /** The converter tree parquet-mr asks for; values are taken from the column reader, never converted. */
    private static GroupConverter noOpConverter(GroupType type) {
        Converter[] children = type.getFields().stream()
                .map(t -> t.isPrimitive() ? new PrimitiveConverter() {} : noOpConverter(t.asGroupType()))
                .toArray(Converter[]::new);
        return new GroupConverter() {
            @Override
            public Converter getConverter(int fieldIndex) {
                return children[fieldIndex];
            }

            @Override
            public void start() {}

            @Override
            public void end() {}
        };
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
