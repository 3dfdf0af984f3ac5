package org.lwsspark.run.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import org.lwsspark.common.Sha256;

/**
 * One array as a file of raw little-endian elements, moved between the file and the array's memory by the file
 * channel, chunk by chunk, with no per-element work; the SHA-256 is computed in the same pass, from each chunk while
 * it is in cache, so a checkpoint's large files are never read twice.
 *
 * <p>Chunks, not one buffer: a {@link ByteBuffer} holds at most 2 GiB, and the Adam state of a model of 180 M
 * parameters is already 1.46 GB. The caller hands out the windows of its memory ({@link Memory}); DL4J's arrays do
 * it from their off-heap address ({@code org.lwsspark.model.io.RawBlock}), a reader without DL4J from a heap buffer
 * ({@link CheckpointFiles#readFloats}).
 */
public final class BlockFile {

    /** Bytes per chunk: large enough that system calls do not count, small enough to stay in cache for the digest. */
    public static final int CHUNK_BYTES = 8 << 20;

    /** The memory a block is written from or read into, as windows of bytes in the machine's byte order. */
    @FunctionalInterface
    public interface Memory {
        /** {@code length} bytes from byte {@code offset}, as a buffer positioned at 0 with that many remaining. */
        ByteBuffer window(long offset, int length);
    }

    private BlockFile() {}

    /**
     * Writes {@code length} elements of {@code dtype} from {@code memory} to a new file and describes it. The file is
     * not forced to the disk here: {@link StagedDirectory#commit} forces all files at once, so that the disk writes
     * the first block back while the next one is copied into the page cache.
     */
    public static BlockManifest.Block write(
            Path file, String name, String dtype, long length, Memory memory, int chunkBytes) throws IOException {
        requireLittleEndianMachine();
        long bytes = length * width(file, dtype);
        MessageDigest digest = Sha256.newDigest();
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long offset = 0; offset < bytes; offset += chunkBytes) {
                ByteBuffer chunk = memory.window(offset, (int) Math.min(chunkBytes, bytes - offset));
                digest.update(chunk.duplicate());
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
        }
        return new BlockManifest.Block(
                name, file.getFileName().toString(), dtype, "little", length, bytes, Sha256.hex(digest));
    }

    /**
     * Reads the file into {@code memory}, which must hold {@code block.bytes()}. The file must have the size and the
     * SHA-256 that {@code block} records; a file that does not is refused by name.
     */
    public static void read(Path file, BlockManifest.Block block, Memory memory, int chunkBytes) throws IOException {
        requireReadable(file, block);
        long size = block.bytes();
        MessageDigest digest = Sha256.newDigest();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            for (long offset = 0; offset < size; offset += chunkBytes) {
                ByteBuffer chunk = memory.window(offset, (int) Math.min(chunkBytes, size - offset));
                while (chunk.hasRemaining()) {
                    if (in.read(chunk) < 0) {
                        throw FileDigests.damaged(file, "it ended at byte " + (offset + chunk.position()));
                    }
                }
                digest.update(chunk.flip());
            }
        }
        String actual = Sha256.hex(digest);
        if (!actual.equals(block.sha256())) {
            throw FileDigests.changed(file, actual, block.sha256());
        }
    }

    /** Bytes per element of a block's {@code dtype}: {@code float32} or {@code float64}. */
    public static int width(Path file, String dtype) {
        return switch (dtype) {
            case "float32" -> 4;
            case "float64" -> 8;
            default -> throw new IllegalStateException(file + ": dtype " + dtype + " is not supported");
        };
    }

    /** Refuses a block this reader cannot take, or whose file does not have the size its description gives. */
    private static void requireReadable(Path file, BlockManifest.Block block) throws IOException {
        requireLittleEndianMachine();
        if (!"little".equals(block.byteOrder())) {
            throw new IllegalStateException(file + ": byte order " + block.byteOrder() + " is not supported");
        }
        long size = Files.size(file);
        if (size != block.bytes() || block.bytes() != block.length() * width(file, block.dtype())) {
            throw FileDigests.damaged(
                    file,
                    "it holds " + size + " bytes, the manifest records " + block.length() + " elements of "
                            + block.dtype() + " in " + block.bytes() + " bytes");
        }
    }

    /**
     * The blocks are little-endian and are copied as the memory holds them; every machine ND4J's native backend
     * runs on is little-endian, so a big-endian one is refused rather than handled by code no test runs.
     */
    private static void requireLittleEndianMachine() {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("checkpoint blocks are little-endian; this machine is not");
        }
    }
}
