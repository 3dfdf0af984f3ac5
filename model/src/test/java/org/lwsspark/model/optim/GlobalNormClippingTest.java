package org.lwsspark.model.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.lwsspark.model.nn.LwsTransformer;
import org.lwsspark.model.nn.RoundingBounds;
import org.lwsspark.model.plan.LwsProfile;
import org.lwsspark.model.plan.LwsRules;
import org.lwsspark.model.plan.ModelPlan;
import org.lwsspark.model.plan.ModelSize;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The clipping listener against the definition of clip_grad_norm_, computed here in double precision. */
class GlobalNormClippingTest {

    private static ComputationGraph gradientOfOneBatch() {
        ModelSize size = new ModelSize("test", 24, 4, 3, 8, 37, 100.0, 1e-6, 0.3);
        ModelPlan plan = LwsRules.plan(new LwsProfile("test-2", 2, List.of(1.0, 2.0), List.of(0.5, 1.0), false), size);
        ComputationGraph net = LwsTransformer.build(plan, OptimizerConfig.paper(), 3, DataType.DOUBLE);
        Random random = new Random(2);
        double[] ids = random.ints(2 * 6, 0, 37).asDoubleStream().toArray();
        double[] targets = random.ints(2 * 6, 0, 37).asDoubleStream().toArray();
        net.setInputs(Nd4j.create(ids, new long[] {2, 6}, DataType.DOUBLE));
        net.setLabels(Nd4j.create(targets, new long[] {2, 6}, DataType.DOUBLE));
        net.computeGradientAndScore();
        return net;
    }

    private static double norm(INDArray g) {
        double sum = 0;
        for (double x : g.dup().data().asDouble()) {
            sum += x * x;
        }
        return Math.sqrt(sum);
    }

    @Test
    void scalesTheWholeGradientToTheLimitAndReportsTheNormBefore() {
        ComputationGraph net = gradientOfOneBatch();
        INDArray before = net.gradient().gradient().dup();
        double norm = norm(before);
        List<double[]> seen = new ArrayList<>();
        new GlobalNormClipping(norm / 4, (step, loss, n) -> seen.add(new double[] {step, loss, n}))
                .onGradientCalculation(net);
        INDArray after = net.gradient().gradient();
        double scale = (norm / 4) / (norm + GlobalNormClipping.EPS);
        // ND4J's norm and this sequential one sum the same N squares in different orders: each is within
        // reduction(N) of the exact norm, so they differ by twice that; a product adds one rounding.
        long n = before.length();
        double norms = 2 * RoundingBounds.reduction(n, RoundingBounds.U64);
        double scaled = before.amaxNumber().doubleValue() * scale * (norms + RoundingBounds.U64);
        double gap = after.sub(before.mul(scale)).amaxNumber().doubleValue();
        System.out.printf(
                "accuracy: GlobalNormClippingTest clipped gradient off by %.3e (bound %.3e), norm off by %.3e"
                        + " (bound %.3e)%n",
                gap, scaled, Math.abs(norm - seen.get(0)[2]), norms * norm);
        assertEquals(0, gap, scaled);
        assertEquals(
                norm * scale, norm(after), (2 * norms + RoundingBounds.U64) * norm * scale, "a hair under the limit");
        assertEquals(1, seen.size());
        assertEquals(norm, seen.get(0)[2], norms * norm);
        assertEquals(net.score(), seen.get(0)[1]);
    }

    @Test
    void leavesASmallerGradientAlone() {
        ComputationGraph net = gradientOfOneBatch();
        INDArray before = net.gradient().gradient().dup();
        new GlobalNormClipping(norm(before) * 1.01, null).onGradientCalculation(net);
        assertEquals(before, net.gradient().gradient());
        new GlobalNormClipping(0, null).onGradientCalculation(net);
        assertEquals(before, net.gradient().gradient(), "0 observes only");
        assertTrue(norm(before) > 0);
    }
}
