package org.lwsspark.train.averaging;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoSerializable;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * One reduce task's averaged chunks, the result it sends to the driver: chunk indices and their values, which
 * arrive as little-endian float bytes on the driver's heap. On the executor the means are off-heap arrays that are
 * freed as soon as they are written: a task result is serialized after the task has ended, and off-heap memory
 * left to the garbage collector stayed for gigabytes (18 GB resident at the paper's size).
 */
final class MeanChunks implements KryoSerializable, Serializable {

    private static final long serialVersionUID = 1L;

    private transient int[] chunks;
    /** The executor's means, freed once written. */
    private transient FlatVector[] means;
    /** What the driver received. */
    private transient byte[][] received;

    /** For deserialization only. */
    public MeanChunks() {}

    MeanChunks(int[] chunks, FlatVector[] means) {
        this.chunks = chunks;
        this.means = means;
    }

    int size() {
        return chunks.length;
    }

    int chunk(int i) {
        return chunks[i];
    }

    /** A received chunk's values, little-endian floats. */
    byte[] values(int i) {
        return received[i];
    }

    @Override
    public void write(Kryo kryo, Output output) {
        output.writeInt(chunks.length);
        for (int i = 0; i < chunks.length; i++) {
            output.writeInt(chunks[i]);
            means[i].write(kryo, output);
            means[i].close();
        }
    }

    @Override
    public void read(Kryo kryo, Input input) {
        int n = input.readInt();
        chunks = new int[n];
        received = new byte[n][];
        for (int i = 0; i < n; i++) {
            chunks[i] = input.readInt();
            received[i] = input.readBytes(Math.toIntExact(input.readLong() * Float.BYTES));
        }
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.writeInt(chunks.length);
        for (int i = 0; i < chunks.length; i++) {
            out.writeInt(chunks[i]);
            byte[] bytes = means[i].toBytes();
            out.writeLong(bytes.length / Float.BYTES);
            out.write(bytes);
            means[i].close();
        }
    }

    private void readObject(ObjectInputStream in) throws IOException {
        int n = in.readInt();
        chunks = new int[n];
        received = new byte[n][];
        for (int i = 0; i < n; i++) {
            chunks[i] = in.readInt();
            received[i] = new byte[Math.toIntExact(in.readLong() * Float.BYTES)];
            in.readFully(received[i]);
        }
    }
}
