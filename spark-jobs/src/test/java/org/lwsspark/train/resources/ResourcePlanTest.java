package org.lwsspark.train.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lwsspark.model.plan.LayerPlan;
import org.lwsspark.model.plan.LwsProfile;
import org.lwsspark.model.plan.ModelPlan;
import org.lwsspark.model.plan.ModelSize;
import org.lwsspark.model.plan.Presets;
import org.lwsspark.run.ResourcePlanJson;
import org.lwsspark.train.averaging.AveragedState;

/**
 * Each formula of the plan against a count by hand: a one-block toy (d 8, 2 query heads of 4 sharing 1 key/value
 * head, FFN 16, vocabulary 16, batch 2 x 3 tokens), and crown-18 at the tiny and paper sizes against the workspace
 * sizes DL4J learned in {@code bench/resource-plan}.
 */
class ResourcePlanTest {

    /** n = 2 x 3 = 6 rows, d = 8, q = 8, kv = 4, f = 16, V = 16, H = 2, g = 2, T = 3, head dim 4. */
    static final ModelPlan TOY = new ModelPlan(
            new LwsProfile("toy", 1, List.of(2.0, 2.0), List.of(1.0, 1.0), false),
            new ModelSize("toy", 8, 4, 2, 16, 16, 500000, 1e-6, 0.02),
            List.of(new LayerPlan(0, 1.0, 2.0, 2, 1, 16, 4, 8)));

    static final ModelPlan TINY = Presets.builtIn().plan("crown-18", "tiny");
    static final ModelPlan PAPER = Presets.builtIn().plan("crown-18", "paper");

    @Test
    void theToyHas868Parameters() {
        // embedding 16 x 8 = 128; block: wq 64 + wk, wv 2 x 32 + wo 64 + QK-norms 8 + 4 + FFN 3 x 8 x 16 = 384 +
        // norms 16 = 604; head 16 x 8 + final norm 8 = 136
        assertEquals(128 + 604 + 136, TOY.totalParams());
    }

    @Test
    void theToysActivationsByHand() {
        ActivationMemory a = ActivationMemory.of(TOY, 2, 3);
        // kept: embedding output n d = 48; the block n (4d + 3q + 3kv + 2f + 4) = 6 x 104 = 624 and its
        // probabilities B H T^2 = 2 x 2 x 9 = 36: 708 floats = 2,832 bytes, + 5% = 2,973
        assertEquals(36 * 4, a.attentionProbs());
        assertEquals(2832 + 141, a.retained());
        // the largest layer cycle is the block's backward: 9nd 432 + 8nf 768 + 10nq 480 + 11nkv 264 + 2 x 36 +
        // B H T 12 + 4n 24 + 2d 16 + q 8 + kv 4 = 2,080 floats (forward 1,788, head 422, embedding 54);
        // 8,320 bytes + 2% = 8,486
        assertEquals(8320 + 166, a.working());
        // two activation gradients of n d = 48 floats (192 bytes + 2%)
        assertEquals(2 * (192 + 3), a.activationGradients());
        // causal bias g T^2 = 18, RoPE cos and sin 2 T hd = 24, the half swap hd^2 = 16
        assertEquals(58 * 4, a.tables());
        assertEquals(2 * 6 * 4, a.tokens());
        assertEquals(2973 + 8486 + 390 + 232 + 48, a.total());
    }

    @Test
    void theToysBlockCountsByHand() {
        BlockActivations b = BlockActivations.of(TOY.layers().get(0), 2, 3);
        assertEquals(660, b.retained());
        assertEquals(36, b.attentionProbs());
        // weights' column copies d (q + 2kv + 2f) 384, 8nq 384, 8nkv 192, scores 36, 8nd 384, 4nf 384, 4n 24
        assertEquals(1788, b.forwardWorking());
        assertEquals(2080, b.backwardWorking());
        assertEquals(58, b.tables());
    }

    @Test
    void crownTinyMatchesTheWorkspacesDl4jLearned() {
        ActivationMemory a = ActivationMemory.of(TINY, 16, 128);
        // Measured (bench/resource-plan, 16 x 128): WS_ALL_LAYERS_ACT learned a cycle of 550,572,608 bytes (4,672
        // more than counted here: a few small arrays), WS_LAYER_WORKING_MEM 111,282,688 (block 0's backward), and
        // allocated them with 5% and 2% more.
        assertEquals(550_567_936L + 27_528_396L, a.retained());
        assertEquals(111_282_688L + 2_225_653L, a.working());
        // crown-18 has 186 query heads over its 18 blocks: 16 x 186 x 128^2 floats
        assertEquals(4L * 16 * 186 * 128 * 128, a.attentionProbs());
        assertEquals(2 * (1_572_864L + 31_457L), a.activationGradients());
    }

    @Test
    void crownPaperMatchesTheWorkspacesDl4jLearned() {
        ActivationMemory a = ActivationMemory.of(PAPER, 2, 128);
        // Measured at 2 x 128 with the r50k vocabulary (50304): 201,929,280 bytes kept (4,672 more than counted), and
        // 56,238,080 of working memory: the LM head's backward, n V + 6 n d + 5 n + d floats with n = 256.
        assertEquals(201_924_608L + 10_096_230L, a.retained());
        assertEquals(4L * (256L * 50304 + 6L * 256 * 768 + 5 * 256 + 768), 56_238_080L);
        assertEquals(56_238_080L + 1_124_761L, a.working());
    }

    @Test
    void aWorkerHolds16BytesPerParameterPlusItsStep() {
        ResourcePlan cluster = ResourcePlan.of(TOY, 3, 2, 2, 0, AveragedState.ALL);
        WorkerMemory w = cluster.worker();
        assertEquals(4 * 868, w.parameters());
        assertEquals(4 * 868, w.gradients());
        assertEquals(8 * 868, w.adamState());
        assertEquals(16 * 868 + 12129, cluster.workerOffHeapBytes());
        assertEquals(cluster.workerOffHeapBytes(), cluster.workerDeviceBytes());
        // S = 12 x 868 = 10,416 bytes; a task result is all of it (under 64 MiB): its values and its serialized bytes;
        // a cluster executor keeps the broadcast's pieces and its value
        assertEquals(2 * 10416, w.averagingChunks());
        assertEquals(2 * 10416, w.broadcastCopies());
        assertEquals(cluster.workerOffHeapBytes() + 4 * 10416, cluster.workerHostBytes());

        ResourcePlan local = ResourcePlan.of(TOY, 3, 2, 2, 2, AveragedState.ALL);
        assertEquals(0, local.worker().broadcastCopies(), "local workers read the driver's value");
    }

    @Test
    void theDriverHoldsTheBroadcastTheResultsInFlightAndLocalWorkers() {
        long s = 12 * 868;
        ResourcePlan cluster = ResourcePlan.of(TOY, 3, 2, 2, 0, AveragedState.ALL);
        // base + the broadcast's pieces S + results in flight (all of S here, each as bytes and values)
        assertEquals(DriverMemory.HEAP_BASE + s + 2 * s, cluster.driverHeapBytes());
        assertEquals(12 * 868, cluster.driverOffHeapBytes(), "parameters and Adam m, v; no gradients");
        assertEquals(s + (64L << 20), cluster.driverMaxResultSizeBytes());

        ResourcePlan local = ResourcePlan.of(TOY, 3, 2, 2, 2, AveragedState.ALL);
        assertEquals(12 * 868 + 2 * local.workerOffHeapBytes(), local.driverOffHeapBytes());
        assertEquals(DriverMemory.HEAP_BASE + 3 * s + 2 * (2 * s), local.driverHeapBytes(), "and their chunks");
    }

    @Test
    void resultsInFlightAreFourChunksOfAPaperSizeState() {
        ResourcePlan p = ResourcePlan.of(PAPER, 1024, 16, 4, 0, AveragedState.ALL);
        long s = 12L * 181_906_688;
        assertEquals(s, p.round().stateBytes());
        assertEquals(DriverMemory.HEAP_BASE + s + 2 * 4 * (64L << 20), p.driverHeapBytes());
    }

    @Test
    void aRoundMovesSThroughTheDriverAndNTimesSThroughTheShuffle() {
        ResourcePlan all = ResourcePlan.of(TOY, 3, 2, 2, 0, AveragedState.ALL);
        assertEquals(10416, all.broadcastBytesPerRound());
        assertEquals(10416, all.resultBytesPerRound());
        assertEquals(2 * 10416, all.throughDriverBytesPerRound());
        assertEquals(2 * 10416, all.shuffleBytesPerRound());
        ResourcePlan five = ResourcePlan.of(TOY, 3, 2, 5, 0, AveragedState.ALL);
        assertEquals(10416, five.resultBytesPerRound(), "flat in N");
        assertEquals(5 * 10416, five.shuffleBytesPerRound());
        ResourcePlan params = ResourcePlan.of(TOY, 3, 2, 2, 0, AveragedState.PARAMETERS);
        assertEquals(4 * 868, params.broadcastBytesPerRound());
        assertEquals(8 * 868, params.worker().adamState(), "workers keep Adam's state either way");
    }

    @Test
    void theCriticalPathIsFourSOnAClusterAndTwoSPlusTwoNSOnOneMachine() {
        assertEquals(
                4 * 10416,
                ResourcePlan.of(TOY, 3, 2, 2, 0, AveragedState.ALL).round().criticalPathBytes());
        assertEquals(
                4 * 10416,
                ResourcePlan.of(TOY, 3, 2, 8, 0, AveragedState.ALL).round().criticalPathBytes());
        assertEquals(
                (2 + 2 * 3) * 10416,
                ResourcePlan.of(TOY, 3, 2, 3, 3, AveragedState.ALL).round().criticalPathBytes());
    }

    @Test
    void stepsPerRoundIsTheFewestThatKeepTheOverheadUnderTheLimit() {
        ResourcePlan p = ResourcePlan.of(TOY, 3, 2, 2, 0, AveragedState.ALL);
        // a round: 1 s + 41,664 bytes at 1 GB/s = 1.000041664 s; steps of 0.5 s at 10%: 20 steps give 10.0004%
        assertEquals(21, p.stepsPerRound(0.5, 0.10, 1e9));
        // 1 s + 41,664 bytes at 41,664 B/s = 2 s: 10 steps of 1 s at 20%
        assertEquals(10, p.stepsPerRound(1.0, 0.20, 41664));
        assertEquals(1, p.stepsPerRound(100, 0.10, 1e9), "never fewer than 1");
        assertThrows(IllegalArgumentException.class, () -> p.stepsPerRound(0, 0.1, 1e9));
    }

    @Test
    void tokensPerStepAreWorkersTimesBatchTimesSequence() {
        assertEquals(
                4L * 16 * 1024,
                ResourcePlan.of(PAPER, 1024, 16, 4, 0, AveragedState.ALL).tokensPerStep());
    }

    @Test
    void stepTimesScaleTheirMeasurementsByFlops() {
        // by construction: tiny at 16 x 128 runs 1,000 tokens/s on one thread, paper at 16 x 1,024 0.48 s on an H200
        assertEquals(2.048, StepTime.cpu(TINY, 128, 16, 1).seconds(), 1e-12);
        assertEquals(1.024, StepTime.cpu(TINY, 128, 16, 2).seconds(), 1e-12);
        assertEquals(0.48, StepTime.h200Fp32(PAPER, 1024, 16).seconds(), 1e-12);
        assertEquals(0.24, StepTime.h200Fp32(PAPER, 1024, 8).seconds(), 1e-12);
    }

    @Test
    void theLinesShowEveryFigure() {
        ResourcePlan p =
                ResourcePlan.of(TOY, 3, 2, 2, 0, AveragedState.ALL).withStepTimes(List.of(StepTime.given(0.5)));
        List<String> lines = p.lines();
        assertEquals(
                "resources: toy/toy, 868 parameters, fp32; 2 workers x 2 rows x 3 tokens on a cluster; each round "
                        + "averages parameters and Adam m, v (S = 10.2 KiB)",
                lines.get(0));
        assertEquals(
                "worker off-heap: parameters 3.4 KiB, gradients 3.4 KiB, Adam m+v 6.8 KiB, activations kept for "
                        + "backprop 2.9 KiB (attention probabilities 144 B), layer working memory 8.3 KiB, "
                        + "activation gradients 390 B, RoPE and mask tables and token ids 280 B: 25.4 KiB",
                lines.get(1));
        assertEquals("tokens per step: 12 (2 workers x 2 rows x 3 tokens)", lines.get(5));
        assertEquals("  given: 0.500 s per step -> average every 21 steps", lines.get(7));
        assertTrue(lines.get(6).contains("1.0 s + 40.7 KiB on its critical path at 1.0 GB/s = 1.00 s"), lines.get(6));
    }

    @Test
    void theJsonFormAddsUp() {
        ResourcePlanJson j =
                ResourcePlan.of(TINY, 128, 16, 2, 2, AveragedState.ALL).json();
        ResourcePlanJson.Worker w = j.worker();
        assertEquals(
                w.offHeap(),
                w.parameters()
                        + w.gradients()
                        + w.adamState()
                        + w.activations()
                        + w.workingMemory()
                        + w.activationGradients()
                        + w.tables());
        assertEquals(2, j.workersInDriverJvm());
        assertEquals("ALL", j.averagedState());
        assertEquals(2, j.stepsPerRound().size());
    }
}
