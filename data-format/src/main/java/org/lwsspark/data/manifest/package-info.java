/**
 * The output's {@code manifest.json} (tokenizer, dtype, seq_len, per split rows/tokens/documents and shard files,
 * per source and per drop reason counts, the inputs processed, the runs, the code version), its reading and atomic
 * writing, and the layout of an output directory that readers rely on. data-prep writes it; the guard and the
 * trainer read it.
 */
package org.lwsspark.data.manifest;
