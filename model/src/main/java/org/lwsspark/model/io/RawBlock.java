package org.lwsspark.model.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.lwsspark.run.checkpoint.BlockFile;
import org.lwsspark.run.checkpoint.BlockManifest;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An ND4J array as a checkpoint block ({@link BlockFile}): the file channel moves the bytes straight between the file
 * and the array's own off-heap memory, through windows made from its address, with no copy in Java.
 */
final class RawBlock {

    private RawBlock() {}

    /** Writes {@code array} (its elements in c order) to a new file and describes it. */
    static BlockManifest.Block write(Path file, String name, INDArray array) throws IOException {
        return write(file, name, array, BlockFile.CHUNK_BYTES);
    }

    static BlockManifest.Block write(Path file, String name, INDArray array, int chunkBytes) throws IOException {
        String dtype = dtypeName(array.dataType());
        INDArray whole = wholeBuffer(array) ? array : array.dup('c');
        Nd4j.getAffinityManager().ensureLocation(whole, AffinityManager.Location.HOST);
        return BlockFile.write(
                file, name, dtype, whole.length(), (offset, length) -> memory(whole, offset, length), chunkBytes);
    }

    /**
     * A new array of {@code shape} (c order) holding the file's elements, read into its memory. The file must have
     * the size and the SHA-256 that {@code block} records; a file that does not is refused by name.
     */
    static INDArray read(Path file, BlockManifest.Block block, long[] shape) throws IOException {
        return read(file, block, shape, BlockFile.CHUNK_BYTES);
    }

    static INDArray read(Path file, BlockManifest.Block block, long[] shape, int chunkBytes) throws IOException {
        INDArray array = Nd4j.createUninitialized(dataType(file, block.dtype()), shape, 'c');
        if (array.length() != block.length()) {
            throw new IllegalStateException(
                    file + " holds " + block.length() + " elements, " + array.length() + " were expected");
        }
        BlockFile.read(file, block, (offset, length) -> memory(array, offset, length), chunkBytes);
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
    private static ByteBuffer memory(INDArray array, long offset, int length) {
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
}
