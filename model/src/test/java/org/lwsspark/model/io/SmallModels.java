package org.lwsspark.model.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.lwsspark.common.Sha256;
import org.lwsspark.model.optim.OptimizerConfig;
import org.lwsspark.model.plan.LwsProfile;
import org.lwsspark.model.plan.LwsRules;
import org.lwsspark.model.plan.ModelSize;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The model of the checkpoint tests: the one {@code checkpoints/legacy-zip-1de340b} was written with (3 blocks of
 * different widths, d_model 24, vocabulary 37: 13,560 parameters), so tests of both formats build the same thing.
 */
final class SmallModels {

    static final int VOCAB = 37;

    private SmallModels() {}

    static ModelSpec spec(long seed) {
        ModelSize size = new ModelSize("fixture", 24, 4, 3, 8, VOCAB, 10000.0, 1e-6, 0.02);
        LwsProfile profile = new LwsProfile("fixture-3", 3, List.of(0.5, 2.0), List.of(0.5, 1.5), false);
        return ModelSpec.of(LwsRules.plan(profile, size), OptimizerConfig.paper(), seed, DataType.FLOAT);
    }

    /** Token ids {@code (i * 5 + 11) % 37}, {@code [2, 6]}: the fixture's input. */
    static INDArray tokens() {
        double[] ids = new double[2 * 6];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (i * 5 + 11) % VOCAB;
        }
        return Nd4j.create(ids, new long[] {2, 6}, DataType.FLOAT);
    }

    /** SHA-256 of a float array's elements in c order as little-endian bytes: how the fixture records its arrays. */
    static String sha256(INDArray array) {
        float[] values = array.dup('c').data().asFloat();
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return Sha256.hex(bytes.array());
    }

    /** The elements in c order, for bitwise comparison ({@code assertArrayEquals} on floats compares bits). */
    static float[] values(INDArray array) {
        return array.dup('c').data().asFloat();
    }
}
