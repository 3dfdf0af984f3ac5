package org.lwsspark.train.averaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.lwsspark.train.SparkSettings;
import org.nd4j.linalg.factory.Nd4j;
import scala.Tuple2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/** The reduce side: each chunk's mean over the workers, whatever order the shuffle delivers them in. */
class ChunkMeanTest {

    private static WorkerChunk chunk(int worker, float... values) {
        return new WorkerChunk(
                worker, FlatVector.of(Nd4j.createFromArray(values).reshape(1, values.length)));
    }

    private static float[] floats(byte[] bytes) {
        float[] out = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /** As the driver gets it: through Spark's Kryo, as a task result. */
    private static MeanChunks asReceived(MeanChunks sent) {
        SerializerInstance kryo = new KryoSerializer(SparkSettings.forTraining("test", "local[1]")).newInstance();
        ClassTag<MeanChunks> tag = ClassTag$.MODULE$.apply(MeanChunks.class);
        return kryo.deserialize(kryo.serialize(sent, tag), tag);
    }

    @Test
    void theMeanOfEachChunkInWorkerOrder() {
        // Three workers, delivered out of order: float addition is not associative, so the sum must be in worker
        // order: (1e8 + 1) - 1e8 is 0 in float32, (1e8 - 1e8) + 1 is 1.
        Iterator<MeanChunks> out = new ChunkMean(3)
                .call(List.of(
                                new Tuple2<Integer, Iterable<WorkerChunk>>(
                                        5, List.of(chunk(2, 1f, 3f), chunk(0, 1e8f, 6f), chunk(1, -1e8f, 0f))),
                                new Tuple2<Integer, Iterable<WorkerChunk>>(
                                        9, List.of(chunk(1, 2f), chunk(2, 4f), chunk(0, 6f))))
                        .iterator());
        MeanChunks means = asReceived(out.next());
        assertEquals(2, means.size());
        assertEquals(5, means.chunk(0));
        assertArrayEquals(new float[] {1f / 3, 3f}, floats(means.values(0)));
        assertEquals(9, means.chunk(1));
        assertArrayEquals(new float[] {4f}, floats(means.values(1)));
    }

    @Test
    void aMissingOrRepeatedWorkerIsAnError() {
        ChunkMean mean = new ChunkMean(2);
        assertThrows(
                IllegalStateException.class,
                () -> mean.call(List.of(new Tuple2<Integer, Iterable<WorkerChunk>>(0, List.of(chunk(0, 1f))))
                        .iterator()));
        assertThrows(
                IllegalStateException.class,
                () -> mean.call(List.of(
                                new Tuple2<Integer, Iterable<WorkerChunk>>(0, List.of(chunk(0, 1f), chunk(0, 2f))))
                        .iterator()));
    }
}
