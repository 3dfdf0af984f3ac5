package org.lwsspark.train;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Lets Spark's Kryo carry Java records (the slices of a round, shard references) by Java serialization. Kryo 4,
 * the one Spark 3.5 ships, cannot build its field serializer for a record ("can't get field offset on a record
 * class"), and Spark serializes the elements of {@code parallelize} with its configured serializer: every task of
 * the first round failed to serialize before this.
 */
public final class RecordKryoRegistrator implements KryoRegistrator {

    @Override
    public void registerClasses(Kryo kryo) {
        kryo.addDefaultSerializer(Record.class, new JavaSerializer());
    }
}
