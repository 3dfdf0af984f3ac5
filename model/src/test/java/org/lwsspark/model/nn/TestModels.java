package org.lwsspark.model.nn;

import java.util.Random;
import org.lwsspark.model.plan.LwsProfile;
import org.lwsspark.model.plan.LwsRules;
import org.lwsspark.model.plan.ModelPlan;
import org.lwsspark.model.plan.ModelSize;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small heterogeneous models and random token batches for the network tests. */
final class TestModels {

    private TestModels() {}

    /**
     * Three blocks of different widths: 3, 6 and 9 query heads (1, 2, 3 KV heads) and three FFN widths. A large
     * init std and a short RoPE period make every nonlinearity matter for the gradient check.
     */
    static ModelPlan heterogeneous() {
        ModelSize size = new ModelSize("test", 24, 4, 3, 8, 37, 100.0, 1e-6, 0.3);
        ModelPlan plan = LwsRules.plan(
                new LwsProfile("test-3", 3, java.util.List.of(0.5, 2.0), java.util.List.of(0.5, 1.5), false), size);
        return plan;
    }

    /** Random ids in [0, vocab), [batch, time], as the network's floating type. */
    static INDArray tokens(int batch, int time, int vocab, long seed, DataType dataType) {
        Random random = new Random(seed);
        double[] ids = new double[batch * time];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(vocab);
        }
        return Nd4j.create(ids, new long[] {batch, time}, dataType);
    }
}
