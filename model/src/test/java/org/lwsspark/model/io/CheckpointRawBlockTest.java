package org.lwsspark.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwsspark.common.Sha256;
import org.lwsspark.run.checkpoint.BlockManifest;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** {@link RawBlock} with chunks much smaller than the array, so that every chunk boundary case is crossed. */
class CheckpointRawBlockTest {

    @TempDir
    Path tmp;

    private static INDArray ramp(DataType type, long length) {
        return Nd4j.linspace(-1.5, 2.5, length, type).reshape(1, length);
    }

    @Test
    void floatsAreWrittenAsLittleEndianBytesAcrossChunkBoundariesAndDigestedInTheSamePass() throws IOException {
        INDArray array = ramp(DataType.FLOAT, 1001);
        Path file = tmp.resolve("a.bin");
        BlockManifest.Block block = RawBlock.write(file, "parameters", array, 64); // 4004 bytes: 62 chunks and a tail

        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer expected = ByteBuffer.allocate(4004).order(ByteOrder.LITTLE_ENDIAN);
        expected.asFloatBuffer().put(array.data().asFloat());
        assertArrayEquals(expected.array(), bytes);
        assertEquals(
                new BlockManifest.Block("parameters", "a.bin", "float32", "little", 1001, 4004, Sha256.hex(bytes)),
                block);

        INDArray back = RawBlock.read(file, block, new long[] {1, 1001}, 100); // 100: not a multiple of 4 either
        assertArrayEquals(new long[] {1, 1001}, back.shape());
        assertArrayEquals(array.data().asFloat(), back.data().asFloat());
    }

    @Test
    void doublesRoundTripBitwise() throws IOException {
        INDArray array = ramp(DataType.DOUBLE, 333).reshape(333);
        Path file = tmp.resolve("d.bin");
        BlockManifest.Block block = RawBlock.write(file, "optimizer", array, 1000);
        assertEquals("float64", block.dtype());
        assertEquals(333 * 8, Files.size(file));
        assertArrayEquals(
                array.data().asDouble(),
                RawBlock.read(file, block, new long[] {333}, 24).data().asDouble());
    }

    @Test
    void aViewIsWrittenAsItsOwnElements() throws IOException {
        INDArray matrix = ramp(DataType.FLOAT, 20).reshape(4, 5);
        INDArray column = matrix.getColumn(2); // strided view: 4 elements spread over the buffer
        Path file = tmp.resolve("v.bin");
        BlockManifest.Block block = RawBlock.write(file, "parameters", column, 8);
        assertEquals(4, block.length());
        assertArrayEquals(
                column.dup().data().asFloat(),
                RawBlock.read(file, block, new long[] {4}, 8).data().asFloat());
    }

    @Test
    void aTransposeOfAWholeBufferIsWrittenInCOrder() throws IOException {
        INDArray matrix = ramp(DataType.FLOAT, 20).reshape(4, 5);
        INDArray transposed = matrix.transpose(); // same buffer, offset 0, every element: only the order differs
        Path file = tmp.resolve("t.bin");
        BlockManifest.Block block = RawBlock.write(file, "parameters", transposed, 8);
        assertArrayEquals(
                transposed.dup('c').data().asFloat(),
                RawBlock.read(file, block, new long[] {5, 4}, 8).data().asFloat());
    }

    @Test
    void aNetworksArraysAreWrittenFromTheirOwnMemoryAndViewsAreNot() {
        ComputationGraph net = SmallModels.spec(1).build();
        INDArray x = SmallModels.tokens();
        net.fit(new MultiDataSet(x, x));
        assertTrue(net.params().isView(), "ND4J calls the reshaped parameter buffer a view");
        assertTrue(RawBlock.wholeBuffer(net.params()));
        assertTrue(RawBlock.wholeBuffer(net.getUpdater().getStateViewArray()));
        INDArray matrix = ramp(DataType.FLOAT, 20).reshape(4, 5);
        assertFalse(RawBlock.wholeBuffer(matrix.getColumn(2)));
        assertFalse(RawBlock.wholeBuffer(matrix.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all())));
        assertFalse(RawBlock.wholeBuffer(matrix.transpose()));
    }

    @Test
    void aChangedByteIsFoundInTheReadingPass() throws IOException {
        Path file = tmp.resolve("a.bin");
        BlockManifest.Block block = RawBlock.write(file, "parameters", ramp(DataType.FLOAT, 1001), 64);
        byte[] bytes = Files.readAllBytes(file);
        bytes[4003] ^= 0x40; // in the last, partial chunk
        Files.write(file, bytes);
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> RawBlock.read(file, block, new long[] {1, 1001}, 64));
        assertTrue(e.getMessage().startsWith(file + " was changed or damaged"), e.getMessage());
    }

    @Test
    void onlyFloatTypesAreBlocks() {
        assertThrows(
                IllegalArgumentException.class,
                () -> RawBlock.write(tmp.resolve("i.bin"), "x", Nd4j.zeros(DataType.INT, 3), 64));
    }
}
