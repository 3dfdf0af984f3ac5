package org.lwsspark.train;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.nd4j.kryo.Nd4jRegistrator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Spark's Kryo set up for training: ND4J's registrations, with two changes.
 * <ul>
 *   <li>INDArrays go through {@link BulkArraySerializer}: ND4J's own serializer writes them one element at a time
 *       through a {@code DataOutputStream}. (The averaging's state does not travel as INDArrays but as
 *       {@link org.lwsspark.train.averaging.FlatVector}s, which need no registration.)
 *   <li>Java records go through Java serialization. Kryo 4, the one Spark 3.5 ships, cannot build its field
 *       serializer for a record ("can't get field offset on a record class"), and Spark serializes the elements of
 *       {@code parallelize} (the slices of a round) with its configured serializer.
 * </ul>
 */
public final class LwsKryoRegistrator extends Nd4jRegistrator {

    @Override
    public void registerClasses(Kryo kryo) {
        super.registerClasses(kryo);
        kryo.register(Nd4j.getBackend().getNDArrayClass(), new BulkArraySerializer());
        kryo.addDefaultSerializer(Record.class, new JavaSerializer());
    }
}
