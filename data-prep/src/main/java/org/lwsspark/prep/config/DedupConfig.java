package org.lwsspark.prep.config;

import java.io.Serializable;

/** Exact and near deduplication settings: MinHash over {@code shingleWords}-word shingles, bands x rows hashes. */
public record DedupConfig(boolean exact, boolean near, int shingleWords, int bands, int rows) implements Serializable {
    public DedupConfig {
        if (shingleWords < 1 || bands < 1 || rows < 1) {
            throw new IllegalArgumentException("dedup shingle-words, bands and rows must be >= 1");
        }
    }

    public int numHashes() {
        return bands * rows;
    }
}
