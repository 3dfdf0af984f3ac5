package org.lwsspark.train.averaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.BlockId;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lwsspark.model.nn.LwsTransformer;
import org.lwsspark.model.optim.GlobalNormClipping;
import org.lwsspark.model.optim.LearningRateSchedule;
import org.lwsspark.model.optim.OptimizerConfig;
import org.lwsspark.model.plan.LwsProfile;
import org.lwsspark.model.plan.LwsRules;
import org.lwsspark.model.plan.ModelPlan;
import org.lwsspark.model.plan.ModelSize;
import org.lwsspark.train.SparkTestSessions;
import org.lwsspark.train.data.TokenBatches;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Rounds of two workers against the same steps taken by hand: two copies of the network, each fitted on its worker's
 * batches, then averaged. And the traffic: the averaged state reaches the driver once, whatever the workers.
 */
class ReduceScatterAveragingTest {

    private static final int BATCH = 2;
    private static final int SEQ = 8;
    private static final ModelSize SIZE = new ModelSize("test", 24, 4, 3, 8, 37, 100.0, 1e-6, 0.1);
    private static final OptimizerConfig OPTIMIZER =
            new OptimizerConfig(3e-3, 0.9, 0.95, 1e-8, 0.1, 0.5, LearningRateSchedule.constant());
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = SparkTestSessions.local(2);
    }

    @AfterAll
    static void stop() {
        sc.close();
    }

    private static ComputationGraph network() {
        ModelPlan plan = LwsRules.plan(new LwsProfile("test-3", 3, List.of(0.5, 2.0), List.of(0.5, 1.5), false), SIZE);
        return LwsTransformer.build(plan, OPTIMIZER, 5, DataType.FLOAT);
    }

    /** Worker w's batches of one round, step by step. */
    private static List<List<MultiDataSet>> batches(int workers, int steps, long seed) {
        Random random = new Random(seed);
        List<List<MultiDataSet>> out = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            List<MultiDataSet> mine = new ArrayList<>();
            for (int s = 0; s < steps; s++) {
                int[][] rows = new int[BATCH][SEQ + 1];
                for (int[] row : rows) {
                    for (int t = 0; t <= SEQ; t++) {
                        row[t] = random.nextInt(SIZE.vocabSize());
                    }
                }
                mine.add(TokenBatches.of(rows));
            }
            out.add(mine);
        }
        return out;
    }

    private static List<MultiDataSet> flatten(List<List<MultiDataSet>> byWorker) {
        return byWorker.stream().flatMap(List::stream).toList();
    }

    /** What the workers compute, by hand: each a copy of {@code start} fitted on its batches. */
    private static List<ComputationGraph> byHand(ComputationGraph start, List<List<MultiDataSet>> byWorker) {
        List<ComputationGraph> out = new ArrayList<>();
        for (List<MultiDataSet> mine : byWorker) {
            ComputationGraph copy = start.clone();
            copy.getConfiguration().setIterationCount(start.getIterationCount());
            copy.setListeners(new GlobalNormClipping(OPTIMIZER.clipNorm(), null));
            mine.forEach(copy::fit);
            out.add(copy);
        }
        return out;
    }

    private static INDArray mean(List<ComputationGraph> nets, boolean state) {
        INDArray sum = null;
        for (ComputationGraph n : nets) {
            INDArray a = state ? n.getUpdater().getStateViewArray() : n.params();
            sum = sum == null ? a.dup() : sum.addi(a);
        }
        return sum.divi(nets.size());
    }

    private static void assertClose(INDArray want, INDArray got, String what) {
        double gap = want.sub(got).amaxNumber().doubleValue();
        assertTrue(gap < 1e-6, what + " differ by up to " + gap);
    }

    @Test
    void aRoundOfTwoWorkersIsTheMeanOfTheirParametersAndAdamState() {
        ComputationGraph driver = network();
        ReduceScatterAveraging averaging = new ReduceScatterAveraging(
                sc,
                driver,
                AveragedState.ALL,
                2,
                BATCH,
                3,
                List.of(new GlobalNormClipping(OPTIMIZER.clipNorm(), null)));
        for (int round = 0; round < 2; round++) {
            List<List<MultiDataSet>> data = batches(2, 3, round);
            List<ComputationGraph> want = byHand(driver, data);
            averaging.trainRound(sc.parallelize(flatten(data), 2), 3, false);
            assertClose(mean(want, false), driver.params(), "round " + round + ": parameters");
            assertClose(mean(want, true), driver.getUpdater().getStateViewArray(), "round " + round + ": Adam state");
            assertEquals(3 * (round + 1), driver.getIterationCount());
        }
    }

    @Test
    void parametersOnlyKeepsEachWorkersStateUntilARoundThatEndsAtACheckpoint() {
        ComputationGraph driver = network();
        INDArray initialState = driver.getUpdater().getStateViewArray().dup();
        ReduceScatterAveraging averaging = new ReduceScatterAveraging(
                sc,
                driver,
                AveragedState.PARAMETERS,
                2,
                BATCH,
                2,
                List.of(new GlobalNormClipping(OPTIMIZER.clipNorm(), null)));
        List<List<MultiDataSet>> first = batches(2, 2, 7);
        List<ComputationGraph> workers = byHand(driver, first);
        averaging.trainRound(sc.parallelize(flatten(first), 2), 2, false);
        assertClose(mean(workers, false), driver.params(), "parameters");
        assertClose(initialState, driver.getUpdater().getStateViewArray(), "the driver's (unsynchronised) state");

        // The second round: each worker goes on from the averaged parameters and its own Adam state.
        List<List<MultiDataSet>> second = batches(2, 2, 8);
        INDArray averaged = driver.params().dup();
        for (int w = 0; w < 2; w++) {
            ComputationGraph worker = workers.get(w);
            worker.params().assign(averaged);
            second.get(w).forEach(worker::fit);
        }
        averaging.trainRound(sc.parallelize(flatten(second), 2), 2, true);
        assertClose(mean(workers, false), driver.params(), "parameters after the second round");
        assertClose(mean(workers, true), driver.getUpdater().getStateViewArray(), "state synchronised at the end");
    }

    @Test
    void theDriverReceivesTheStateOnceWhateverTheWorkers() {
        long[] toDriver = new long[2];
        long[] shuffled = new long[2];
        for (int workers = 1; workers <= 2; workers++) {
            ComputationGraph driver = network();
            ReduceScatterAveraging averaging =
                    new ReduceScatterAveraging(sc, driver, AveragedState.ALL, workers, BATCH, 1, List.of());
            averaging.trainRound(sc.parallelize(flatten(batches(workers, 1, 3)), workers), 1, false);
            RoundTraffic.Bytes traffic = averaging.traffic();
            long state = 3 * driver.numParams() * Float.BYTES;
            assertEquals(1, traffic.rounds());
            assertEquals(state, traffic.broadcast(), "parameters and state broadcast once");
            toDriver[workers - 1] = traffic.toDriver();
            shuffled[workers - 1] = traffic.shuffleWritten();
            assertTrue(
                    traffic.toDriver() >= state && traffic.toDriver() < state * 1.05 + 20_000,
                    workers + " workers: " + traffic.describe());
        }
        assertTrue(Math.abs(toDriver[1] - toDriver[0]) < 0.02 * toDriver[0], "flat in the workers");
        // Each round's shuffle files are deleted with the round (Spark would keep them until a garbage collection).
        assertEquals(
                List.of(),
                scala.collection.JavaConverters.seqAsJavaList(
                                SparkEnv.get().blockManager().diskBlockManager().getAllBlocks())
                        .stream()
                        .filter(BlockId::isShuffle)
                        .toList());
        assertTrue(shuffled[1] > 1.9 * shuffled[0], "the shuffle carries each worker's state");
    }
}
