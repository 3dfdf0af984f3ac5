package org.lwsspark.train.averaging;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Injects an {@code OutOfMemoryError} where Spark's driver reads a round's averaged state: the deserialization of a
 * reduce task's result, in a {@code task-result-getter} thread, after {@code lws.test.results-before-oom} results
 * read there. Given to a training JVM as {@code -Dspark.kryo.registrator}, Spark's own extension point.
 */
public final class ResultOomRegistrator implements KryoRegistrator {

    private static final AtomicInteger READ = new AtomicInteger();

    @Override
    public void registerClasses(Kryo kryo) {
        int before = Integer.getInteger("lws.test.results-before-oom", 0);
        kryo.register(MeanChunks.class, new Serializer<MeanChunks>() {
            @Override
            public void write(Kryo k, Output output, MeanChunks chunks) {
                chunks.write(k, output);
            }

            @Override
            public MeanChunks read(Kryo k, Input input, Class<MeanChunks> type) {
                if (Thread.currentThread().getName().startsWith("task-result-getter")
                        && READ.getAndIncrement() >= before) {
                    throw new OutOfMemoryError("Java heap space (injected by the test)");
                }
                MeanChunks chunks = new MeanChunks();
                chunks.read(k, input);
                return chunks;
            }
        });
    }
}
