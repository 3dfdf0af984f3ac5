/**
 * Deduplication across documents on Spark: which kept documents are exact or near (MinHash LSH) duplicates of
 * another one, of this run or of an earlier run's {@code dedup-index/}. The per-document part (normalised-text hash,
 * MinHash band hashes) is computed by {@link org.lwsspark.prep.filter.DocumentFilter}.
 */
package org.lwsspark.prep.dedup;
