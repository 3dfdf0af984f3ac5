/**
 * The layout of a checkpoint directory, readable without DL4J: the files it holds ({@link
 * org.lwsspark.run.checkpoint.CheckpointLayout}), the raw little-endian blocks of parameters and optimizer state
 * ({@link org.lwsspark.run.checkpoint.BlockFile}) that {@code manifest.json} describes ({@link
 * org.lwsspark.run.checkpoint.BlockManifest}), the digests of every file ({@link
 * org.lwsspark.run.checkpoint.FileDigests}) and the atomic, durable write of the whole directory ({@link
 * org.lwsspark.run.checkpoint.StagedDirectory}). {@code org.lwsspark.model.io.Checkpoint} puts DL4J networks in and
 * out of it.
 */
package org.lwsspark.run.checkpoint;
