package org.lwsspark.run.checkpoint;

import java.util.List;
import java.util.Optional;

/**
 * {@code manifest.json} of a checkpoint: what each raw block file holds, enough for a reader without DL4J (numpy:
 * {@code np.fromfile(file, dtype="<f4")} for {@code float32}, {@code little}) to load it and check it.
 *
 * @param format        always {@value #FORMAT}
 * @param version       the layout version, {@value #VERSION}; a reader refuses a version it does not know
 * @param configuration the file holding DL4J's {@code ComputationGraphConfiguration} JSON (which also carries the
 *                      iteration and epoch counts)
 * @param blocks        the block files, {@code parameters} first
 */
public record BlockManifest(String format, int version, String configuration, List<Block> blocks) {

    public static final String FORMAT = "lws-checkpoint";
    public static final int VERSION = 1;

    /**
     * One array as a file of raw elements, nothing before or after them.
     *
     * @param name      {@code parameters} (DL4J's flat parameter vector, {@code network.params()}) or
     *                  {@code optimizer} (DL4J's flat updater state, {@code getUpdater().getStateViewArray()}: for
     *                  Adam, per block of parameters with one updater configuration, the first moments then the
     *                  second)
     * @param file      file name in the checkpoint directory
     * @param dtype     {@code float32} or {@code float64}
     * @param byteOrder {@code little}
     * @param length    number of elements
     * @param bytes     file size: {@code length} times the element width
     * @param sha256    hex SHA-256 of the file, the same as {@code sha256.json} records
     */
    public record Block(
            String name, String file, String dtype, String byteOrder, long length, long bytes, String sha256) {}

    public BlockManifest {
        blocks = List.copyOf(blocks);
    }

    public Optional<Block> block(String name) {
        return blocks.stream().filter(b -> b.name().equals(name)).findFirst();
    }
}
