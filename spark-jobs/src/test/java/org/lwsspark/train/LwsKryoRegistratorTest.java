package org.lwsspark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.lwsspark.data.Shard;
import org.lwsspark.train.data.SpanRead;
import org.lwsspark.train.data.WorkerSlice;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import scala.reflect.ClassTag$;

/** Spark's Kryo as the trainer configures it: INDArrays in bulk and records through Java serialization. */
class LwsKryoRegistratorTest {

    private static final SerializerInstance KRYO =
            new KryoSerializer(SparkSettings.forTraining("test", "local[1]")).newInstance();

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) {
        return (T) KRYO.deserialize(KRYO.serialize(value, ClassTag$.MODULE$.AnyRef()), ClassTag$.MODULE$.AnyRef());
    }

    @Test
    void arraysOfEveryLayoutAndTypeComeBackEqual() {
        INDArray floats = Nd4j.rand(DataType.FLOAT, 3, 5, 7);
        List<INDArray> arrays = List.of(
                floats,
                floats.dup('f'),
                floats.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 4), NDArrayIndex.point(2)),
                Nd4j.rand(DataType.DOUBLE, 4, 2),
                Nd4j.createFromArray(new int[] {3, -1, 7}),
                Nd4j.createFromArray(new long[] {Long.MAX_VALUE, 0, -5}).reshape(3, 1),
                Nd4j.scalar(2.5f),
                Nd4j.rand(DataType.FLOAT, 2, 3).castTo(DataType.HALF));
        for (INDArray a : arrays) {
            INDArray back = roundTrip(a);
            assertEquals(a.dataType(), back.dataType());
            assertArrayEquals(a.shape(), back.shape());
            assertEquals(a, back, a.dataType() + " " + a.shapeInfoToString());
        }
    }

    @Test
    void recordsTravelByJavaSerialization() {
        WorkerSlice slice = new WorkerSlice(
                List.of(new SpanRead(new Shard("file:/d/train/part-0.parquet", 10), 0, 10, new int[] {3, 1, 2})), 3, 1);
        WorkerSlice back = roundTrip(slice);
        assertEquals(slice.batch(), back.batch());
        assertEquals(slice.reads().get(0).shard(), back.reads().get(0).shard());
        assertArrayEquals(slice.reads().get(0).offsets(), back.reads().get(0).offsets());
    }
}
