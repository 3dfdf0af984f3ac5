package org.lwsspark.run.checkpoint;

import static org.lwsspark.run.checkpoint.CheckpointLayout.DIGESTS;
import static org.lwsspark.run.checkpoint.CheckpointLayout.MANIFEST;
import static org.lwsspark.run.checkpoint.CheckpointLayout.OPTIMIZER;
import static org.lwsspark.run.checkpoint.CheckpointLayout.PARAMETERS;
import static org.lwsspark.run.checkpoint.CheckpointLayout.REQUIRED;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lwsspark.common.Json;

/**
 * A checkpoint directory of the raw-block format, opened for reading: every small file checked against
 * {@value CheckpointLayout#DIGESTS}, the manifest read and its version checked. The blocks are checked while they are
 * read ({@link BlockFile#read}). What a reader without DL4J needs: {@link #readFloats} gives a block's elements.
 *
 * @param recorded file name to the SHA-256 that {@value CheckpointLayout#DIGESTS} records
 */
public record CheckpointFiles(Path dir, BlockManifest manifest, Map<String, String> recorded) {

    /** Opens {@code dir}, refusing by name a missing, changed or damaged file. */
    public static CheckpointFiles open(Path dir) {
        CheckpointLayout.requireFiles(dir, REQUIRED);
        Map<String, String> recorded = FileDigests.recorded(dir, DIGESTS);
        List<String> small = REQUIRED.stream().filter(n -> !n.equals(DIGESTS)).toList();
        FileDigests.verify(dir, recorded, small, Set.of(PARAMETERS, OPTIMIZER));
        BlockManifest manifest = readJson(dir, MANIFEST, BlockManifest.class);
        if (!BlockManifest.FORMAT.equals(manifest.format()) || manifest.version() != BlockManifest.VERSION) {
            throw new IllegalStateException(dir.resolve(MANIFEST) + " describes " + manifest.format() + " version "
                    + manifest.version() + "; this version reads " + BlockManifest.FORMAT + " version "
                    + BlockManifest.VERSION);
        }
        return new CheckpointFiles(dir, manifest, Map.copyOf(recorded));
    }

    /** One of the checkpoint's JSON files (its own, or one a trainer added). */
    public static <T> T readJson(Path dir, String name, Class<T> type) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("checkpoint " + dir + " has no " + name);
        }
        try {
            return Json.MAPPER.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The block the manifest lists under {@code name} ({@code parameters}, {@code optimizer}), if it does. */
    public Optional<BlockManifest.Block> block(String name) {
        return manifest.block(name);
    }

    public BlockManifest.Block parameters() {
        return block("parameters")
                .orElseThrow(() -> new IllegalStateException(dir.resolve(MANIFEST) + " lists no parameters"));
    }

    /** The text of DL4J's graph configuration, as the manifest names its file. */
    public String configuration() {
        try {
            return Files.readString(dir.resolve(manifest.configuration()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(manifest.configuration()), e);
        }
    }

    /**
     * The file of {@code block}, once its manifest entry and {@value CheckpointLayout#DIGESTS} agree on its digest
     * (the bytes themselves are checked as they are read).
     */
    public Path fileOf(BlockManifest.Block block) {
        Path file = dir.resolve(block.file());
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "not a checkpoint: " + dir + " has no " + block.file() + " (its " + MANIFEST + " lists it)");
        }
        if (!recorded.containsKey(block.file())) {
            throw new IllegalStateException(
                    dir.resolve(DIGESTS) + " records no digest of " + block.file() + ": the checkpoint was changed");
        }
        if (!block.sha256().equals(recorded.get(block.file()))) {
            throw FileDigests.damaged(
                    file,
                    MANIFEST + " records SHA-256 " + block.sha256() + ", " + DIGESTS + " records "
                            + recorded.get(block.file()));
        }
        return file;
    }

    /**
     * A {@code float32} block's elements in a heap buffer, checked against its digest: for tools and tests without
     * DL4J. A block of 2 GiB or more (the Adam state past ~180 M parameters) is read by a caller with its own
     * memory, through {@link BlockFile#read}.
     */
    public FloatBuffer readFloats(String name) {
        BlockManifest.Block block = block(name)
                .orElseThrow(() -> new IllegalArgumentException(dir.resolve(MANIFEST) + " lists no " + name));
        if (!"float32".equals(block.dtype()) || block.bytes() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(dir.resolve(block.file()) + " holds " + block.length() + " elements of "
                    + block.dtype() + ": readFloats takes float32 blocks under 2 GiB");
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) block.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        try {
            BlockFile.read(
                    fileOf(block),
                    block,
                    (offset, length) -> bytes.slice((int) offset, length).order(ByteOrder.LITTLE_ENDIAN),
                    BlockFile.CHUNK_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(block.file()) + ": " + e.getMessage(), e);
        }
        return bytes.asFloatBuffer();
    }
}
