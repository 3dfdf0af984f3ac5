package org.lwsspark.prep.tokenize;

/**
 * The pieces a {@link TiktokenTokenizer} has encoded: {@code hits} served from its piece cache, {@code misses}
 * encoded by byte-pair merges (new, evicted, or too long to keep).
 */
public record PieceCacheStats(long hits, long misses) {
    /** The share of pieces served from the cache, 0 before any piece. */
    public double hitRate() {
        long pieces = hits + misses;
        return pieces == 0 ? 0 : hits / (double) pieces;
    }

    /** The pieces encoded since {@code earlier}, a snapshot of the same tokenizer. */
    public PieceCacheStats since(PieceCacheStats earlier) {
        return new PieceCacheStats(hits - earlier.hits, misses - earlier.misses);
    }
}
