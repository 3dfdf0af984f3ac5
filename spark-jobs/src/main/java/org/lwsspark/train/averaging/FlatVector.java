package org.lwsspark.train.averaging;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoSerializable;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.bytedeco.javacpp.BytePointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A range of a flat float32 vector that travels between the driver and the executors (a broadcast of the whole
 * parameter vector, or one chunk of the reduce-scatter) without ever being held on the Java heap: it is written
 * and read in {@value #BLOCK_BYTES}-byte blocks straight from and to off-heap memory, little-endian, uncompressed.
 * A broadcast of the parameters and Adam state of the paper model is 2.2 GB: one heap copy of it, or one Java array
 * (at most 2 GiB), would not fit; ND4J's own serializer writes one element at a time.
 *
 * <p>The range is a window on an array the writer owns; the reader gets an array of its own. Kryo (Spark's
 * serializer for training) and Java serialization write the same bytes.
 */
public final class FlatVector implements KryoSerializable, Serializable {

    private static final long serialVersionUID = 1L;
    private static final int BLOCK_BYTES = 4 << 20;

    private transient INDArray array;
    private transient long first;
    private transient long length;
    /** Whether the array was made for this vector (by deserialization), and so may be freed with it. */
    private transient boolean owned;

    /** For deserialization only. */
    public FlatVector() {}

    private FlatVector(INDArray array, long first, long length) {
        if (array.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("a flat vector is float32, not " + array.dataType());
        }
        if (first < 0 || length < 0 || first + length > array.length()) {
            throw new IllegalArgumentException(
                    "range [" + first + ", " + (first + length) + ") outside an array of " + array.length());
        }
        this.array = array;
        this.first = first;
        this.length = length;
    }

    /** The whole of {@code array} (contiguous, float32), not copied. */
    public static FlatVector of(INDArray array) {
        return new FlatVector(contiguous(array), 0, array.length());
    }

    /** Elements {@code [first, first + length)} of {@code array}, not copied. */
    public static FlatVector range(INDArray array, long first, long length) {
        return new FlatVector(contiguous(array), first, length);
    }

    public long length() {
        return length;
    }

    /** The values as an array of their own when this vector was received; else a view of the writer's array. */
    public INDArray values() {
        return first == 0 && length == array.length()
                ? array.reshape(length)
                : array.reshape(array.length()).get(NDArrayIndex.interval(first, first + length));
    }

    /** Copies the values into elements {@code [at, at + length)} of {@code target}, one bulk copy. */
    public void copyTo(INDArray target, long at) {
        range(target, at, length); // checks the window
        Nd4j.getAffinityManager().ensureLocation(array, AffinityManager.Location.HOST);
        bytes(target, at, length)
                .asFloatBuffer()
                .put(bytes(array, first, length).asFloatBuffer());
        Nd4j.getAffinityManager().tagLocation(target, AffinityManager.Location.HOST);
    }

    /**
     * Frees the memory of a received vector now rather than at garbage collection (ND4J frees off-heap memory when
     * the Java object is collected, which a large heap with little garbage postpones for gigabytes). A window on
     * someone else's array is left alone.
     */
    public void close() {
        if (owned && array.closeable()) {
            array.close();
        }
    }

    /** The values as little-endian bytes on the Java heap (at most 2 GiB). */
    public byte[] toBytes() {
        byte[] bytes = new byte[Math.toIntExact(length * Float.BYTES)];
        Nd4j.getAffinityManager().ensureLocation(array, AffinityManager.Location.HOST);
        ByteBuffer.wrap(bytes)
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .put(bytes(array, first, length).asFloatBuffer());
        return bytes;
    }

    /** Copies little-endian float bytes into elements {@code [at, ...)} of {@code target}. */
    public static void copyBytes(byte[] bytes, INDArray target, long at) {
        long count = bytes.length / Float.BYTES;
        range(target, at, count); // checks the window
        bytes(target, at, count)
                .asFloatBuffer()
                .put(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer());
        Nd4j.getAffinityManager().tagLocation(target, AffinityManager.Location.HOST);
    }

    @Override
    public void write(Kryo kryo, Output output) {
        output.writeLong(length);
        OutputStream stream = output.getOutputStream();
        if (stream == null) {
            writeBlocks(output::writeBytes);
            return;
        }
        // Streaming (a broadcast, the shuffle): past Kryo's small buffer, straight to the stream.
        output.flush();
        writeBlocks((bytes, offset, count) -> {
            try {
                stream.write(bytes, offset, count);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public void read(Kryo kryo, Input input) {
        long length = input.readLong();
        InputStream stream = input.getInputStream();
        if (stream == null) {
            readBlocks(length, input::readBytes);
            return;
        }
        // Streaming (a broadcast, the shuffle): what Kryo's small buffer holds, then straight from the stream, not
        // through that buffer a few KiB at a time.
        readBlocks(length, (bytes, offset, count) -> {
            int buffered = Math.min(count, input.limit() - input.position());
            input.readBytes(bytes, offset, buffered);
            try {
                for (int at = offset + buffered, end = offset + count; at < end; ) {
                    int read = stream.read(bytes, at, end - at);
                    if (read < 0) {
                        throw new EOFException("a flat vector ended early");
                    }
                    at += read;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.writeLong(length);
        writeBlocks((bytes, offset, count) -> {
            try {
                out.write(bytes, offset, count);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void readObject(ObjectInputStream in) throws IOException {
        readBlocks(in.readLong(), (bytes, offset, count) -> {
            try {
                in.readFully(bytes, offset, count);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @FunctionalInterface
    private interface ByteSink {
        void accept(byte[] bytes, int offset, int count);
    }

    private void writeBlocks(ByteSink sink) {
        Nd4j.getAffinityManager().ensureLocation(array, AffinityManager.Location.HOST);
        byte[] block = new byte[(int) Math.min(BLOCK_BYTES, length * Float.BYTES)];
        long perBlock = BLOCK_BYTES / Float.BYTES;
        for (long at = 0; at < length; at += perBlock) {
            long count = Math.min(perBlock, length - at);
            ByteBuffer from = bytes(array, first + at, count);
            int n = (int) (count * Float.BYTES);
            ByteBuffer.wrap(block, 0, n)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer()
                    .put(from.asFloatBuffer());
            sink.accept(block, 0, n);
        }
    }

    private void readBlocks(long length, ByteSink source) {
        this.array = Nd4j.createUninitialized(DataType.FLOAT, length);
        this.first = 0;
        this.length = length;
        this.owned = true;
        byte[] block = new byte[(int) Math.min(BLOCK_BYTES, length * Float.BYTES)];
        long perBlock = BLOCK_BYTES / Float.BYTES;
        for (long at = 0; at < length; at += perBlock) {
            long count = Math.min(perBlock, length - at);
            int n = (int) (count * Float.BYTES);
            source.accept(block, 0, n);
            bytes(array, at, count)
                    .asFloatBuffer()
                    .put(ByteBuffer.wrap(block, 0, n)
                            .order(ByteOrder.LITTLE_ENDIAN)
                            .asFloatBuffer());
        }
        Nd4j.getAffinityManager().tagLocation(array, AffinityManager.Location.HOST);
    }

    /**
     * Elements {@code [at, at + count)} of a contiguous float array's host memory, in the machine's byte order. Through
     * the buffer's address rather than {@code asNio()}: a whole-buffer NIO view stops at 2 GiB.
     */
    private static ByteBuffer bytes(INDArray array, long at, long count) {
        BytePointer memory = new BytePointer(array.data().pointer());
        long start = (array.offset() + at) * Float.BYTES;
        long end = start + count * Float.BYTES;
        memory.capacity(end).limit(end).position(start);
        return memory.asByteBuffer().order(ByteOrder.nativeOrder());
    }

    private static INDArray contiguous(INDArray array) {
        if (array.ordering() != 'c' || array.elementWiseStride() != 1) {
            throw new IllegalArgumentException("a flat vector needs a contiguous array, got one of shape "
                    + Arrays.toString(array.shape()) + " and strides " + Arrays.toString(array.stride()));
        }
        return array;
    }
}
