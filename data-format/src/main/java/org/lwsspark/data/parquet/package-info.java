/**
 * Reading token ids out of shard files with parquet-mr's low-level API: the schema rule
 * ({@link org.lwsspark.data.parquet.IdColumn}), rows decoded from repetition levels, and
 * {@link org.lwsspark.data.parquet.IdFile}, which scans a file in order or reads a span of rows through the offset
 * index. Used by the guard and the shard reader; no Spark.
 */
package org.lwsspark.data.parquet;
