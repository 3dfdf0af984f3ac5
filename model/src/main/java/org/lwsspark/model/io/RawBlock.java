package org.lwsspark.model.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import org.bytedeco.javacpp.BytePointer;
import org.lwsspark.common.Sha256;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One array as a file of raw little-endian elements, moved between the file and the array's own (off-heap) memory
 * by the file channel, chunk by chunk, with no copy in Java and no per-element work; the SHA-256 is computed in
 * the same pass, from each chunk while it is in cache, so a checkpoint's large files are never read twice.
 *
 * <p>Chunks, not one buffer: a direct {@link ByteBuffer} holds at most 2 GiB, and the Adam state of a model of
 * 180 M parameters is already 1.46 GB. A chunk is a window of the array's memory, made from its address.
 */
final class RawBlock {

    /** Bytes per chunk: large enough that system calls do not count, small enough to stay in cache for the digest. */
    static final int CHUNK_BYTES = 8 << 20;

    private RawBlock() {}

    /**
     * Writes {@code array} (its elements in c order) to a new file and describes it. The file is not forced to the
     * disk here: {@link StagedDirectory#commit} forces all files at once, so that the disk writes the first block
     * back while the next one is copied into the page cache.
     */
    static BlockManifest.Block write(Path file, String name, INDArray array) throws IOException {
        return write(file, name, array, CHUNK_BYTES);
    }

    static BlockManifest.Block write(Path file, String name, INDArray array, int chunkBytes) throws IOException {
        requireLittleEndianMachine();
        String dtype = dtypeName(array.dataType());
        INDArray whole = wholeBuffer(array) ? array : array.dup('c');
        Nd4j.getAffinityManager().ensureLocation(whole, AffinityManager.Location.HOST);
        long bytes = whole.length() * whole.dataType().width();
        MessageDigest digest = Sha256.newDigest();
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long offset = 0; offset < bytes; offset += chunkBytes) {
                ByteBuffer chunk = memory(whole, offset, Math.min(chunkBytes, bytes - offset));
                digest.update(chunk.duplicate());
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
        }
        return new BlockManifest.Block(
                name, file.getFileName().toString(), dtype, "little", whole.length(), bytes, Sha256.hex(digest));
    }

    /**
     * A new array of {@code shape} (c order) holding the file's elements, read into its memory. The file must have
     * the size and the SHA-256 that {@code block} records; a file that does not is refused by name.
     */
    static INDArray read(Path file, BlockManifest.Block block, long[] shape) throws IOException {
        return read(file, block, shape, CHUNK_BYTES);
    }

    static INDArray read(Path file, BlockManifest.Block block, long[] shape, int chunkBytes) throws IOException {
        requireLittleEndianMachine();
        if (!"little".equals(block.byteOrder())) {
            throw new IllegalStateException(file + ": byte order " + block.byteOrder() + " is not supported");
        }
        DataType type = dataType(file, block.dtype());
        long size = Files.size(file);
        if (size != block.bytes() || block.bytes() != block.length() * type.width()) {
            throw FileDigests.damaged(
                    file,
                    "it holds " + size + " bytes, the manifest records " + block.length() + " elements of "
                            + block.dtype() + " in " + block.bytes() + " bytes");
        }
        INDArray array = Nd4j.createUninitialized(type, shape, 'c');
        if (array.length() != block.length()) {
            throw new IllegalStateException(
                    file + " holds " + block.length() + " elements, " + array.length() + " were expected");
        }
        MessageDigest digest = Sha256.newDigest();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            for (long offset = 0; offset < size; offset += chunkBytes) {
                ByteBuffer chunk = memory(array, offset, Math.min(chunkBytes, size - offset));
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
        Nd4j.getAffinityManager().tagLocation(array, AffinityManager.Location.HOST);
        return array;
    }

    /**
     * Whether the array is its whole buffer in c order, so that its memory can be written as it is. ND4J calls a
     * reshape a view ({@code network.params()} is one, of the whole parameter buffer): asking {@code isView()}
     * would copy 0.73 GB at the paper's size on every checkpoint. Other arrays are copied first.
     */
    static boolean wholeBuffer(INDArray array) {
        return array.ordering() == 'c'
                && array.offset() == 0
                && array.elementWiseStride() == 1
                && array.data().length() == array.length();
    }

    /** {@code length} bytes of the array's host memory from byte {@code offset}, in the machine's byte order. */
    private static ByteBuffer memory(INDArray array, long offset, long length) {
        // javacpp's buffer starts at the address and is positioned at the offset: slice() makes the window
        // start at the offset, so that flip() and duplicate() cover the window and nothing before it.
        ByteBuffer window = new BytePointer(array.data().addressPointer())
                .position(offset)
                .limit(offset + length)
                .asByteBuffer()
                .slice();
        if (window.remaining() != length) {
            throw new IllegalStateException("a window of " + length + " bytes came back with " + window.remaining());
        }
        return window;
    }

    static String dtypeName(DataType type) {
        return switch (type) {
            case FLOAT -> "float32";
            case DOUBLE -> "float64";
            default -> throw new IllegalArgumentException("a checkpoint block holds float32 or float64, not " + type);
        };
    }

    private static DataType dataType(Path file, String dtype) {
        return switch (dtype) {
            case "float32" -> DataType.FLOAT;
            case "float64" -> DataType.DOUBLE;
            default -> throw new IllegalStateException(file + ": dtype " + dtype + " is not supported");
        };
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
