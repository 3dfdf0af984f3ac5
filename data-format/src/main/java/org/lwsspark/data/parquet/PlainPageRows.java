package org.lwsspark.data.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.EncodingStats;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;

/**
 * Rows from PLAIN-encoded v1 pages (how prep writes ids), a page at a time: the repetition levels reduced to the
 * positions where rows start, the definition levels to the first undefined one, both read run by run
 * ({@link HybridLevels}), and the ids copied in bulk from the page's little-endian bytes. Measured on a 50 M-token
 * prep shard (warm JIT, one core): ~200 M ids/s, as fast as reading and decompressing the pages alone, against
 * ~45 M ids/s through parquet-mr's column reader ({@link ColumnReaderRows}). Rows may span pages (v1 allows it);
 * each row is checked as {@link ColumnReaderRows} checks it.
 */
final class PlainPageRows implements IdRows {
    private final PageReader pages;
    private final int rowLength;
    private final int maxDefinition;
    private final int repWidth;
    private final int defWidth;
    private final String where;
    private long row;
    /** The current page: its ids (one per level while every level is defined), its level count, where we are. */
    private IntBuffer ids;

    private int count;
    private int pos;
    /** Where rows start in the current page (repetition level 0), ascending, and the next one not yet reached. */
    private int[] starts = new int[64];

    private int startCount;
    private int nextStart;
    /** The first level of the page whose value is not defined (an empty list or a null id), or count. */
    private int undefined;

    PlainPageRows(PageReader pages, ColumnDescriptor col, int rowLength, String where, long firstRow) {
        this.pages = pages;
        this.rowLength = rowLength;
        this.maxDefinition = col.getMaxDefinitionLevel();
        this.repWidth = BytesUtils.getWidthFromMaxInt(col.getMaxRepetitionLevel());
        this.defWidth = BytesUtils.getWidthFromMaxInt(maxDefinition);
        this.where = where;
        this.row = firstRow;
    }

    /**
     * Whether every data page of the chunk can be read here: v1 pages (their encoding statistics say so; files
     * without them are left to parquet-mr's reader), no dictionary, PLAIN ids and RLE levels.
     */
    static boolean accepts(ColumnChunkMetaData chunk) {
        EncodingStats stats = chunk.getEncodingStats();
        return stats != null
                && !stats.usesV2Pages()
                && !chunk.hasDictionaryPage()
                && chunk.getEncodings().stream().allMatch(e -> e == Encoding.PLAIN || e == Encoding.RLE);
    }

    @Override
    public long row() {
        return row;
    }

    @Override
    public void next(int[] out) {
        int filled = 0;
        while (filled < rowLength) {
            if (pos == count && !nextPage()) throw IdRows.wrongLength(where, row, filled, rowLength);
            if (filled == 0) {
                if (startAt() != pos) {
                    throw new IllegalStateException(where + ": row " + row + " does not start at a row boundary");
                }
                nextStart++;
            }
            int available = startAt() - pos; // this row's ids left in the page
            int n = Math.min(rowLength - filled, available);
            if (n < rowLength - filled && startAt() < count) { // the next row starts early
                throw IdRows.wrongLength(where, row, filled + available, rowLength);
            }
            if (undefined < pos + n) {
                if (undefined == pos && filled == 0) throw IdRows.wrongLength(where, row, 0, rowLength);
                throw IdRows.nullId(where, row, filled + undefined - pos);
            }
            ids.get(out, filled, n);
            pos += n;
            filled += n;
        }
        // The row must end here: the next level starts a row, or there is none.
        if ((pos < count || nextPage()) && startAt() != pos) {
            long extra = 0;
            while (true) {
                extra += startAt() - pos;
                pos = startAt();
                if (pos < count || !nextPage()) break;
            }
            throw IdRows.wrongLength(where, row, rowLength + extra, rowLength);
        }
        row++;
    }

    /** The next row start at or after pos in this page, or count when there is none. */
    private int startAt() {
        return nextStart < startCount ? starts[nextStart] : count;
    }

    /** Decodes the next page; false at the end of the pages. */
    private boolean nextPage() {
        DataPage page = pages.readPage();
        if (page == null) return false;
        if (!(page instanceof DataPageV1 p)
                || p.getValueEncoding() != Encoding.PLAIN
                || p.getRlEncoding() != Encoding.RLE
                || p.getDlEncoding() != Encoding.RLE) {
            throw new IllegalStateException(where + ": a page other than v1 PLAIN with RLE levels, in a column "
                    + "chunk whose metadata announced only those");
        }
        int n = p.getValueCount();
        ByteBuffer bytes = bytes(p.getBytes()).order(ByteOrder.LITTLE_ENDIAN);
        try {
            readStarts(new HybridLevels(section(bytes), repWidth, n)); // each section starts with its byte length
            undefined = firstUndefined(new HybridLevels(section(bytes), defWidth, n), n);
        } catch (RuntimeException e) { // buffer underflow, a run past the page: the bytes are damaged
            throw new IllegalStateException(where + ": damaged levels in the page after row " + row + ": " + e, e);
        }
        if (undefined == n && bytes.remaining() < 4L * n) {
            throw new IllegalStateException(where + ": the page after row " + row + " has " + n + " levels but "
                    + bytes.remaining() + " bytes of ids");
        }
        ids = bytes.slice().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
        count = n;
        pos = 0;
        return true;
    }

    private void readStarts(HybridLevels rep) {
        startCount = 0;
        nextStart = 0;
        while (rep.next()) {
            if (rep.isRepeat() && rep.level(0) != 0) continue;
            for (int i = 0; i < rep.length(); i++) {
                if (rep.level(i) != 0) continue;
                if (startCount == starts.length) starts = java.util.Arrays.copyOf(starts, 2 * startCount);
                starts[startCount++] = rep.start() + i;
            }
        }
    }

    private int firstUndefined(HybridLevels def, int n) {
        while (def.next()) {
            for (int i = 0; i < (def.isRepeat() ? 1 : def.length()); i++) {
                if (def.level(i) != maxDefinition) return def.start() + i;
            }
        }
        return n;
    }

    /** The level section at the buffer's position (4-byte length, then the levels), and moves past it. */
    private static ByteBuffer section(ByteBuffer page) {
        int length = page.getInt();
        ByteBuffer s = page.slice();
        s.limit(length);
        page.position(page.position() + length);
        return s;
    }

    private static ByteBuffer bytes(BytesInput in) {
        try {
            return in.toByteBuffer().slice();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
