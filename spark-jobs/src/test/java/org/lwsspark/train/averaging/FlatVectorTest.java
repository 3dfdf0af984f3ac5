package org.lwsspark.train.averaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.spark.serializer.DeserializationStream;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializationStream;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.lwsspark.train.SparkSettings;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scala.reflect.ClassTag$;

/** Flat vectors through Spark's Kryo and Java serialization: exact values, windows, several blocks. */
class FlatVectorTest {

    /** More than one 4 MiB block, and not a whole number of them. */
    private static final long LENGTH = (5L << 20) / Float.BYTES + 3;

    private static INDArray ramp(long length) {
        return Nd4j.linspace(DataType.FLOAT, 0, length, 1).muli(0.001).reshape(1, length);
    }

    @Test
    void aWindowTravelsThroughSparksKryoExactly() {
        INDArray source = ramp(LENGTH);
        SerializerInstance kryo = new KryoSerializer(
                        SparkSettings.forTraining("test", "local[1]").set("spark.kryoserializer.buffer.max", "64m"))
                .newInstance();
        FlatVector window = FlatVector.range(source, 7, LENGTH - 10);
        FlatVector back = kryo.deserialize(
                kryo.serialize(window, ClassTag$.MODULE$.apply(FlatVector.class)),
                ClassTag$.MODULE$.apply(FlatVector.class));
        assertEquals(LENGTH - 10, back.length());
        assertEquals(
                source.reshape(LENGTH).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(7, LENGTH - 3)),
                back.values());
        back.close();
    }

    /** Streams, as a broadcast and the shuffle use them: past Kryo's buffer, between other objects. */
    @Test
    void vectorsStreamPastKryosBufferBetweenOtherObjects() {
        INDArray source = ramp(LENGTH);
        SerializerInstance kryo = new KryoSerializer(SparkSettings.forTraining("test", "local[1]")).newInstance();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SerializationStream out = kryo.serializeStream(bytes);
        out.writeObject("before", ClassTag$.MODULE$.apply(String.class));
        out.writeObject(FlatVector.range(source, 1, LENGTH - 1), ClassTag$.MODULE$.apply(FlatVector.class));
        out.writeObject(FlatVector.range(source, 0, 3), ClassTag$.MODULE$.apply(FlatVector.class));
        out.writeObject("after", ClassTag$.MODULE$.apply(String.class));
        out.close();
        DeserializationStream in = kryo.deserializeStream(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals("before", in.readObject(ClassTag$.MODULE$.apply(String.class)));
        FlatVector longer = in.readObject(ClassTag$.MODULE$.apply(FlatVector.class));
        FlatVector shorter = in.readObject(ClassTag$.MODULE$.apply(FlatVector.class));
        assertEquals("after", in.readObject(ClassTag$.MODULE$.apply(String.class)));
        assertEquals(FlatVector.range(source, 1, LENGTH - 1).values(), longer.values());
        assertEquals(FlatVector.range(source, 0, 3).values(), shorter.values());
    }

    @Test
    void javaSerializationWritesTheSameValues() throws Exception {
        INDArray source = ramp(LENGTH);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(FlatVector.of(source));
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            FlatVector back = (FlatVector) in.readObject();
            assertEquals(source.reshape(LENGTH), back.values());
        }
    }

    @Test
    void heapBytesAreLittleEndianAndCopyBackIntoAWindow() {
        INDArray source = Nd4j.createFromArray(1.5f, -2.25f, 3e-7f, 4f).reshape(1, 4);
        byte[] bytes = FlatVector.range(source, 1, 2).toBytes();
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(-2.25f, le.getFloat(0));
        assertEquals(3e-7f, le.getFloat(4));

        INDArray target = Nd4j.zeros(DataType.FLOAT, 1, 5);
        FlatVector.copyBytes(bytes, target, 3);
        assertArrayEquals(new float[] {0, 0, 0, -2.25f, 3e-7f}, target.toFloatVector());
        assertThrows(IllegalArgumentException.class, () -> FlatVector.copyBytes(bytes, target, 4));
    }

    @Test
    void aStridedViewIsRefused() {
        INDArray matrix = Nd4j.zeros(DataType.FLOAT, 4, 4);
        assertThrows(IllegalArgumentException.class, () -> FlatVector.of(matrix.getColumn(1)));
    }

    @Test
    void closingLeavesAWindowOnSomeoneElsesArrayAlone() {
        INDArray source = ramp(16);
        FlatVector.of(source).close();
        assertEquals(0.015f, source.getFloat(15), 1e-9);
    }
}
