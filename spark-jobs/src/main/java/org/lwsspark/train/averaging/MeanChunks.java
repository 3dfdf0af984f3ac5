package org.lwsspark.train.averaging;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoSerializable;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.Serializable;

/**
 * One reduce task's averaged chunks, the result it sends to the driver: chunk indices and their values as
 * little-endian float bytes. On the Java heap on purpose: a task result is serialized after the task has ended, so
 * off-heap values could only be freed by a garbage collection, which a large heap postpones for gigabytes (measured:
 * 18 GB resident at the paper's size); heap bytes are ordinary garbage.
 */
final class MeanChunks implements KryoSerializable, Serializable {

    private static final long serialVersionUID = 1L;

    private int[] chunks;
    private byte[][] values;

    /** For deserialization only. */
    public MeanChunks() {}

    MeanChunks(int[] chunks, byte[][] values) {
        this.chunks = chunks;
        this.values = values;
    }

    int size() {
        return chunks.length;
    }

    int chunk(int i) {
        return chunks[i];
    }

    byte[] values(int i) {
        return values[i];
    }

    @Override
    public void write(Kryo kryo, Output output) {
        output.writeInt(chunks.length);
        for (int i = 0; i < chunks.length; i++) {
            output.writeInt(chunks[i]);
            output.writeInt(values[i].length);
            output.writeBytes(values[i]);
        }
    }

    @Override
    public void read(Kryo kryo, Input input) {
        int n = input.readInt();
        chunks = new int[n];
        values = new byte[n][];
        for (int i = 0; i < n; i++) {
            chunks[i] = input.readInt();
            values[i] = input.readBytes(input.readInt());
        }
    }
}
