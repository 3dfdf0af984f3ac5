package org.lwsspark.prep.tokenize;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Token ids of recently seen pre-tokenizer pieces (" the", " of", "ing"...), shared by all threads: a 4-way
 * set-associative table of {@value #SLOTS} slots. Lookups take the piece as a range of the text, so a hit allocates
 * nothing.
 *
 * <p>Replacement keeps frequent pieces under a stream of rare ones: a new piece takes a free way of its set or the
 * last one, and a hit moves its piece one way up. Rare pieces thus churn in the last way while frequent ones settle
 * in the first ways.
 *
 * <p>Thread-safe without locks. An entry is one immutable {@code int[]} holding the piece's chars and its ids,
 * published with release/acquire, so a reader sees either a complete entry or none, and checks that it holds the
 * piece it looks for. Racing updates can only lose or duplicate an entry within a set, which costs a miss, never a
 * wrong id. The per-slot hashes are hints that spare loading the entries of other pieces.
 *
 * <p>Memory bound: only pieces of at most {@value #MAX_PIECE_CHARS} chars are kept. Such a piece has at most 96
 * UTF-8 bytes, hence at most 96 ids, so an entry has at most 1 + 32 + 96 ints: 536 bytes with its array header,
 * plus at most 12 bytes of slot (reference and hash). Full, the table takes at most 65536 x 548 bytes, under 36 MB;
 * an English word takes about 48 bytes, so English text fills it with some 3 MB.
 *
 * <p>Counts the pieces served from it and the others ({@link #count}, {@link #stats}): a miss costs about ten hits
 * (measured on the fixtures' English text), so a tokenizer throughput means little without the hit rate.
 */
final class PieceCache {
    static final int MAX_PIECE_CHARS = 32;
    private static final int WAYS = 4;
    private static final int SET_BITS = 14;
    private static final int SLOTS = WAYS << SET_BITS;

    /** The hash of the piece in each slot, 0 in empty ones. */
    private final int[] hashes = new int[SLOTS];
    /** Each entry is {@code [piece length, its chars..., its ids...]}. */
    private final AtomicReferenceArray<int[]> entries = new AtomicReferenceArray<>(SLOTS);

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    /** The hash of the piece {@code text[start, end)}, to pass to {@link #find} and {@link #put}. */
    static int hash(String text, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) h = 31 * h + text.charAt(i);
        return h;
    }

    /** Where the ids start in an entry that {@link #find} returned; they run to its end. */
    static int firstIdIndex(int[] entry) {
        return 1 + entry[0];
    }

    /** The entry of the piece {@code text[start, end)}, or null. Callers must not modify it. */
    int[] find(String text, int start, int end, int hash) {
        int set = firstSlotOfSet(hash);
        for (int way = 0; way < WAYS; way++) {
            int slot = set + way;
            if (hashes[slot] != hash) continue;
            int[] entry = entries.getAcquire(slot);
            if (entry != null && holds(entry, text, start, end)) {
                if (way > 0) swapWithPrevious(slot);
                return entry;
            }
        }
        return null;
    }

    /** Keeps the ids of the piece {@code text[start, end)} (at most {@link #MAX_PIECE_CHARS} chars). */
    void put(String text, int start, int end, int hash, int[] ids) {
        int length = end - start;
        int[] entry = new int[1 + length + ids.length];
        entry[0] = length;
        for (int i = 0; i < length; i++) entry[1 + i] = text.charAt(start + i);
        System.arraycopy(ids, 0, entry, 1 + length, ids.length);
        int slot = freeOrLastSlot(firstSlotOfSet(hash));
        hashes[slot] = hash;
        entries.setRelease(slot, entry);
    }

    /**
     * Adds the pieces of one text: {@code hitCount} served from the cache, {@code missCount} not (new, evicted or
     * longer than {@link #MAX_PIECE_CHARS}). Once per text rather than per lookup, which keeps shared counters off
     * the hit path.
     */
    void count(int hitCount, int missCount) {
        hits.add(hitCount);
        misses.add(missCount);
    }

    /** The pieces counted so far; concurrent counts may be partly included. */
    PieceCacheStats stats() {
        return new PieceCacheStats(hits.sum(), misses.sum());
    }

    private static int firstSlotOfSet(int hash) {
        return ((hash * 0x9E3779B9) >>> (Integer.SIZE - SET_BITS)) * WAYS; // spreads the low-entropy String hash
    }

    private static boolean holds(int[] entry, String text, int start, int end) {
        if (entry[0] != end - start) return false;
        for (int i = start, j = 1; i < end; i++, j++) {
            if (entry[j] != text.charAt(i)) return false;
        }
        return true;
    }

    private int freeOrLastSlot(int set) {
        for (int way = 0; way < WAYS - 1; way++) {
            if (entries.getAcquire(set + way) == null) return set + way;
        }
        return set + WAYS - 1;
    }

    /** Moves a piece that was hit one way up, towards the ways that new pieces do not take. */
    private void swapWithPrevious(int slot) {
        int[] hitEntry = entries.getAcquire(slot);
        int hitHash = hashes[slot];
        entries.setRelease(slot, entries.getAcquire(slot - 1));
        hashes[slot] = hashes[slot - 1];
        entries.setRelease(slot - 1, hitEntry);
        hashes[slot - 1] = hitHash;
    }
}
