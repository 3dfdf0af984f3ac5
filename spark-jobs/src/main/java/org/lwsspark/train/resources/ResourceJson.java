package org.lwsspark.train.resources;

import org.lwsspark.run.ResourcePlanJson;

/** A {@link ResourcePlan} in the form run.json records: every figure in bytes, with the inputs it came from. */
final class ResourceJson {

    private ResourceJson() {}

    static ResourcePlanJson of(ResourcePlan p) {
        WorkerMemory w = p.worker();
        ActivationMemory a = w.activations();
        RoundBytes r = p.round();
        double bandwidth = ResourcePlan.DEFAULT_BYTES_PER_SECOND;
        double overhead = ResourcePlan.DEFAULT_MAX_OVERHEAD;
        return new ResourcePlanJson(
                p.model().totalParams(),
                p.seqLen(),
                p.batchPerWorker(),
                p.workers(),
                p.workersInDriverJvm(),
                p.state().name(),
                new ResourcePlanJson.Worker(
                        w.parameters(),
                        w.gradients(),
                        w.adamState(),
                        a.retained(),
                        a.attentionProbs(),
                        a.working(),
                        a.activationGradients(),
                        a.tables() + a.tokens(),
                        w.offHeap(),
                        w.heap(),
                        w.host(),
                        w.device()),
                new ResourcePlanJson.Driver(p.driverHeapBytes(), p.driverOffHeapBytes(), p.driverMaxResultSizeBytes()),
                new ResourcePlanJson.Round(
                        r.stateBytes(),
                        r.broadcastBytes(),
                        r.resultBytes(),
                        r.throughDriverBytes(),
                        r.shuffleBytes(),
                        r.criticalPathBytes()),
                p.tokensPerStep(),
                bandwidth,
                RoundBytes.LATENCY_SECONDS,
                overhead,
                p.stepTimes().stream()
                        .map(t -> new ResourcePlanJson.StepsPerRound(
                                t.label(), t.seconds(), p.stepsPerRound(t.seconds(), overhead, bandwidth)))
                        .toList());
    }
}
