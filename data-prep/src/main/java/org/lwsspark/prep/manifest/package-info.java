/**
 * The output's {@code manifest.json} (tokenizer, dtype, seq_len, per split rows/tokens/documents and shard files,
 * per source and per drop reason counts, the inputs processed, the runs, the code version) and the atomic commit
 * of a run's staged output into the output directory.
 */
package org.lwsspark.prep.manifest;
