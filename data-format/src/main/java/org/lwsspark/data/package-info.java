/**
 * The shard contract between data preparation and training, in a module both depend on: a prep output directory
 * ({@code manifest.json}, {@code train/} and {@code val/} Parquet shards of int32 ids) is opened with
 * {@link org.lwsspark.data.TokenShards#open}, which always runs {@link org.lwsspark.data.ShardGuard} first (spec
 * section 4), and its rows are read with {@link org.lwsspark.data.ShardReader}, on the driver or on executors.
 * Sub-packages: {@code manifest} (the manifest record and its IO), {@code tokenize} (the tokenizer record and the
 * byte tokenizer), {@code parquet} (the low-level id reader). Depends on parquet-hadoop, the Hadoop client and
 * Jackson only.
 */
package org.lwsspark.data;
