/**
 * The shard contract between data preparation and training, in a module both depend on: a prep output directory
 * ({@code manifest.json}, {@code train/} and {@code val/} Parquet shards of int32 ids) and
 * {@link org.lwsspark.data.ShardGuard}, the check that it holds what it claims (spec section 4). Sub-packages:
 * {@code manifest} (the manifest record and its IO), {@code tokenize} (the tokenizer record and the byte
 * tokenizer). Depends on parquet-hadoop, the Hadoop client and Jackson only.
 */
package org.lwsspark.data;
