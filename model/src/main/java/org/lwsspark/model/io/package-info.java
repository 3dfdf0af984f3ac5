/**
 * Model files: atomic checkpoints ({@link org.lwsspark.model.io.Checkpoint}: parameters and optimizer state as raw
 * little-endian blocks that {@code manifest.json} describes for readers without DL4J, the graph configuration,
 * resolved spec, plan and provenance, and the digests of all of them, in one directory; the earlier
 * {@code model.zip} checkpoints still read), the safetensors export for the PyTorch / Hugging Face world, and token
 * files for evaluation.
 */
package org.lwsspark.model.io;
