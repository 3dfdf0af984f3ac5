package org.lwsspark.train.averaging;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoSerializable;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.Serializable;

/**
 * One worker's values of one chunk of the state, on their way to the reduce task that averages the chunk. Kryo
 * writes it itself: Spark's Kryo would otherwise take a record through Java serialization.
 */
final class WorkerChunk implements KryoSerializable, Serializable {

    private static final long serialVersionUID = 1L;

    private int worker;
    private FlatVector values;

    /** For deserialization only. */
    public WorkerChunk() {}

    WorkerChunk(int worker, FlatVector values) {
        this.worker = worker;
        this.values = values;
    }

    int worker() {
        return worker;
    }

    FlatVector values() {
        return values;
    }

    @Override
    public void write(Kryo kryo, Output output) {
        output.writeInt(worker);
        values.write(kryo, output);
    }

    @Override
    public void read(Kryo kryo, Input input) {
        worker = input.readInt();
        values = new FlatVector();
        values.read(kryo, input);
    }
}
