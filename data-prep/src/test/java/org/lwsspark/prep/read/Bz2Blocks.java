package org.lwsspark.prep.read;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * The blocks of a single-stream bz2 file, found and decoded without Hadoop (an oracle for the reader's bz2 handling):
 * a block starts at the 48-bit magic 0x314159265359 at any bit offset, the stream ends at 0x177245385090.
 */
final class Bz2Blocks {
    private static final long BLOCK_MAGIC = 0x314159265359L;
    private static final long END_MAGIC = 0x177245385090L;
    private static final long MASK48 = (1L << 48) - 1;

    /** Bit offsets of each block's magic, then of the end-of-stream magic (one more entry than blocks). */
    final List<Long> bits = new ArrayList<>();

    private final byte[] bz2;

    Bz2Blocks(byte[] bz2) {
        this.bz2 = bz2;
        long window = 0;
        for (long bit = 0; bit < bz2.length * 8L; bit++) {
            window = ((window << 1) | bitAt(bit)) & MASK48;
            if (bit >= 47 && (window == BLOCK_MAGIC || window == END_MAGIC)) bits.add(bit - 47);
            if (window == END_MAGIC) break;
        }
    }

    int count() {
        return bits.size() - 1;
    }

    /** The byte holding the first bit of block {@code k}'s magic. */
    long startByte(int k) {
        return bits.get(k) / 8;
    }

    /**
     * Block {@code k} decoded on its own: it is rewrapped as a one-block stream (header, block bits, end magic, and
     * the block CRC as the stream CRC, which is what the combined CRC of a single block is).
     */
    byte[] decode(int k) {
        BitWriter w = new BitWriter();
        for (int i = 0; i < 4; i++) w.write(bz2[i] & 0xff, 8); // "BZh" + block size digit
        for (long bit = bits.get(k); bit < bits.get(k + 1); bit++) w.write(bitAt(bit), 1);
        w.write(END_MAGIC, 48);
        for (long bit = bits.get(k) + 48; bit < bits.get(k) + 80; bit++) w.write(bitAt(bit), 1);
        try (InputStream in = new BZip2CompressorInputStream(new ByteArrayInputStream(w.bytes()))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int bitAt(long bit) {
        return (bz2[(int) (bit >>> 3)] >>> (7 - (int) (bit & 7))) & 1;
    }

    private static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int acc;
        private int n;

        void write(long value, int width) {
            for (int i = width - 1; i >= 0; i--) {
                acc = (acc << 1) | (int) ((value >>> i) & 1);
                if (++n == 8) {
                    out.write(acc);
                    acc = 0;
                    n = 0;
                }
            }
        }

        byte[] bytes() {
            if (n > 0) write(0, 8 - n);
            return out.toByteArray();
        }
    }
}
