package org.lwsspark.data.parquet;

import java.nio.ByteBuffer;
import org.apache.parquet.column.values.bitpacking.BytePacker;
import org.apache.parquet.column.values.bitpacking.Packer;

/**
 * Parquet's RLE / bit-packing hybrid encoding of levels, read run by run: a header (varint: count &lt;&lt; 1 for a
 * repeated value, groups &lt;&lt; 1 | 1 for groups of 8 bit-packed values), then the value or the packed bytes. A prep
 * row of 1,025 ids has the levels 0, 1 x 1024, which the writer stores as one bit-packed group and one run of ~1,017
 * ones: so the reader looks at the few runs of a row, never at each of its levels.
 */
final class HybridLevels {
    private final ByteBuffer in;
    private final int count;
    private final int bitWidth;
    private final int bytesPerValue;
    private final BytePacker packer;
    private final int[] packed = new int[8];
    private int nextStart;
    private int groupsLeft;
    /** The current run: levels [start, start + length) of the page. */
    private int start;

    private int length;
    private int value;
    private boolean isPacked;

    /** The {@code count} levels of {@code bitWidth} bits in {@code in} (position to limit). */
    HybridLevels(ByteBuffer in, int bitWidth, int count) {
        this.in = in;
        this.count = count;
        this.bitWidth = bitWidth;
        this.bytesPerValue = (bitWidth + 7) / 8;
        this.packer = Packer.LITTLE_ENDIAN.newBytePacker(bitWidth);
    }

    /** Moves to the next run (a bit-packed run is visited as groups of 8); false after the last level. */
    boolean next() {
        start = nextStart;
        if (start >= count) return false;
        if (bitWidth == 0) { // every level is 0 and nothing is stored
            isPacked = false;
            value = 0;
            length = count - start;
        } else if (isPacked && groupsLeft > 0) {
            unpack();
        } else {
            int header = varInt();
            if ((header & 1) == 0) {
                isPacked = false;
                value = 0;
                for (int b = 0; b < bytesPerValue; b++) value |= (in.get() & 0xff) << (8 * b);
                length = Math.min(header >>> 1, count - start);
            } else {
                isPacked = true;
                groupsLeft = header >>> 1;
                if (groupsLeft == 0) throw new IllegalStateException("an empty bit-packed run");
                unpack();
            }
        }
        nextStart = start + length;
        return true;
    }

    private void unpack() {
        packer.unpack8Values(in, in.position(), packed, 0);
        in.position(in.position() + bitWidth);
        groupsLeft--;
        length = Math.min(8, count - start);
    }

    int start() {
        return start;
    }

    int length() {
        return length;
    }

    /** The level at {@code start() + i}. */
    int level(int i) {
        return isPacked ? packed[i] : value;
    }

    /** Whether the whole run is one value ({@link #level} then is that value everywhere). */
    boolean isRepeat() {
        return !isPacked;
    }

    private int varInt() {
        int v = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.get() & 0xff;
            v |= (b & 0x7f) << shift;
            if (b < 0x80) return v;
            if (shift > 28) throw new IllegalStateException("a level run header longer than 5 bytes");
        }
    }
}
