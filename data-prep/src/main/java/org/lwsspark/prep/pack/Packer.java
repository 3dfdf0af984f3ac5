package org.lwsspark.prep.pack;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Packs documents, each followed by EOS, into rows of exactly {@code rowLength} ids (seq_len + 1: the inputs and
 * the targets shifted by one), without padding. The tail that does not fill a last row is counted in
 * {@link #remainder()} and dropped: at most rowLength - 1 tokens per Spark partition.
 */
public final class Packer implements Iterator<int[]> {
    private final Iterator<int[]> docs;
    private final int rowLength;
    private final int eos;
    private int[] row;
    private int fill;
    private int[] cur;
    private int curPos;
    private boolean curEosDone = true;
    private long remainder;
    private int[] ready;

    public Packer(Iterator<int[]> docs, int rowLength, int eos) {
        if (rowLength < 2) throw new IllegalArgumentException("row length must be >= 2");
        this.docs = docs;
        this.rowLength = rowLength;
        this.eos = eos;
        this.row = new int[rowLength];
    }

    @Override
    public boolean hasNext() {
        if (ready != null) return true;
        while (true) {
            if (cur == null || (curPos >= cur.length && curEosDone)) {
                if (!docs.hasNext()) {
                    remainder = fill;
                    return false;
                }
                cur = docs.next();
                curPos = 0;
                curEosDone = false;
            }
            int n = Math.min(cur.length - curPos, rowLength - fill);
            System.arraycopy(cur, curPos, row, fill, n);
            curPos += n;
            fill += n;
            if (fill < rowLength && curPos >= cur.length && !curEosDone) {
                row[fill++] = eos;
                curEosDone = true;
            }
            if (fill == rowLength) {
                ready = row;
                row = new int[rowLength];
                fill = 0;
                return true;
            }
        }
    }

    @Override
    public int[] next() {
        if (!hasNext()) throw new NoSuchElementException();
        int[] r = ready;
        ready = null;
        return r;
    }

    /** Tokens left over after the last full row (valid once {@link #hasNext()} returned false). */
    public long remainder() {
        return remainder;
    }
}
