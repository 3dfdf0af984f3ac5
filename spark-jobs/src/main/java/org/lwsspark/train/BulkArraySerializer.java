package org.lwsspark.train;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.Set;
import org.nd4j.kryo.Nd4jSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * INDArrays for Kryo in bulk: the type, the shape and the elements as one block of little-endian bytes, copied to
 * and from the array's memory with one buffer copy each way. ND4J's own serializer, and building an array from a
 * Java array, both go element by element. On a GPU the host copy of the array is brought up to date before it is
 * read, and marked as the current one after it is written. Types other than float, double, int and long (none of
 * which the trainer ships) go through ND4J's own serializer.
 */
final class BulkArraySerializer extends Serializer<INDArray> {

    private static final Set<DataType> BULK = EnumSet.of(DataType.FLOAT, DataType.DOUBLE, DataType.INT, DataType.LONG);
    private final Nd4jSerializer elementwise = new Nd4jSerializer();

    @Override
    public void write(Kryo kryo, Output output, INDArray array) {
        DataType type = array.dataType();
        output.writeBoolean(BULK.contains(type));
        if (!BULK.contains(type)) {
            elementwise.write(kryo, output, array);
            return;
        }
        output.writeString(type.name());
        output.writeInt(array.rank());
        for (long dim : array.shape()) {
            output.writeLong(dim);
        }
        // A view, or a buffer longer than the array, is copied first: only a whole buffer is read in bulk.
        INDArray whole =
                array.isView() || array.ordering() != 'c' || array.data().length() != array.length()
                        ? array.dup('c')
                        : array;
        Nd4j.getAffinityManager().ensureLocation(whole, AffinityManager.Location.HOST);
        ByteBuffer bytes =
                ByteBuffer.allocate((int) (whole.length() * type.width())).order(ByteOrder.LITTLE_ENDIAN);
        copy(memory(whole), bytes, type);
        output.writeInt(bytes.capacity());
        output.writeBytes(bytes.array());
    }

    @Override
    public INDArray read(Kryo kryo, Input input, Class<INDArray> type) {
        if (!input.readBoolean()) {
            return elementwise.read(kryo, input, type);
        }
        DataType dataType = DataType.valueOf(input.readString());
        long[] shape = new long[input.readInt()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = input.readLong();
        }
        ByteBuffer bytes = ByteBuffer.wrap(input.readBytes(input.readInt())).order(ByteOrder.LITTLE_ENDIAN);
        INDArray array = Nd4j.createUninitialized(dataType, shape, 'c');
        copy(bytes, memory(array), dataType);
        Nd4j.getAffinityManager().tagLocation(array, AffinityManager.Location.HOST);
        return array;
    }

    /** The array's (host) memory in the machine's byte order. */
    private static ByteBuffer memory(INDArray array) {
        return array.data().asNio().order(ByteOrder.nativeOrder());
    }

    /** Element-typed bulk copy, which converts the byte order where the two buffers differ. */
    private static void copy(ByteBuffer from, ByteBuffer to, DataType type) {
        switch (type) {
            case FLOAT -> to.asFloatBuffer().put(from.asFloatBuffer());
            case DOUBLE -> to.asDoubleBuffer().put(from.asDoubleBuffer());
            case INT -> to.asIntBuffer().put(from.asIntBuffer());
            default -> to.asLongBuffer().put(from.asLongBuffer());
        }
    }
}
