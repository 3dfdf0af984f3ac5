package org.lwsspark.train.resources;

import static org.lwsspark.train.resources.ByteUnits.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lwsspark.train.averaging.AveragedState;

/** The lines {@code ./lws train --dry-run} prints (and the trainer at its start): every figure and its assumptions. */
final class ResourceLines {

    private ResourceLines() {}

    static List<String> of(ResourcePlan p) {
        WorkerMemory w = p.worker();
        ActivationMemory a = w.activations();
        DriverMemory d = p.driver();
        RoundBytes r = p.round();
        boolean local = p.workersInDriverJvm() > 0;
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                Locale.ROOT,
                "resources: %s/%s, %,d parameters, fp32; %d workers x %d rows x %d tokens%s; each round averages %s "
                        + "(S = %s)",
                p.model().profile().name(),
                p.model().size().name(),
                p.model().totalParams(),
                p.workers(),
                p.batchPerWorker(),
                p.seqLen(),
                local ? "; " + p.workersInDriverJvm() + " of them in the driver's JVM (local mode)" : " on a cluster",
                p.state() == AveragedState.ALL ? "parameters and Adam m, v" : "parameters (Adam state stays local)",
                format(r.stateBytes())));
        lines.add("worker off-heap: parameters " + format(w.parameters()) + ", gradients " + format(w.gradients())
                + ", Adam m+v " + format(w.adamState()) + ", activations kept for backprop " + format(a.retained())
                + " (attention probabilities " + format(a.attentionProbs()) + "), layer working memory "
                + format(a.working()) + ", activation gradients " + format(a.activationGradients())
                + ", RoPE and mask tables and token ids " + format(a.tables() + a.tokens()) + ": "
                + format(w.offHeap()));
        lines.add("worker heap: averaging chunks " + format(w.averagingChunks())
                + (local ? "" : ", the broadcast's pieces and value " + format(w.broadcastCopies())) + "; host total "
                + format(w.host()) + "; on a GPU (the same fp32 arrays and workspaces on the device) "
                + format(w.device()));
        lines.add("driver: heap " + format(d.heap()) + " (base " + format(d.heapBase()) + ", broadcast pieces "
                + format(d.broadcastPieces()) + ", task results in flight " + format(d.resultChunks())
                + (local ? ", the local workers' chunks " + format(d.localWorkersHeap()) : "") + "), off-heap "
                + format(d.offHeap()) + " (its network and Adam m+v " + format(d.network())
                + (local ? ", " + p.workersInDriverJvm() + " local workers " + format(d.localWorkersOffHeap()) : "")
                + "); spark.driver.maxResultSize >= " + format(p.driverMaxResultSizeBytes()));
        lines.add("per round: broadcast " + format(r.broadcastBytes())
                + (local ? " (serialized; read in the driver's JVM)" : " (at least once over the network)")
                + ", task results " + format(r.resultBytes()) + ", through the driver "
                + format(r.throughDriverBytes()) + ", shuffle " + format(r.shuffleBytes()) + " written and read");
        lines.add(String.format(
                Locale.ROOT,
                "tokens per step: %,d (%d workers x %d rows x %d tokens)",
                p.tokensPerStep(),
                p.workers(),
                p.batchPerWorker(),
                p.seqLen()));
        double bandwidth = ResourcePlan.DEFAULT_BYTES_PER_SECOND;
        lines.add(String.format(
                Locale.ROOT,
                "steps per round for at most %.0f%% averaging overhead (a round: %.1f s + %s on its critical path "
                        + "at %.1f GB/s = %.2f s):",
                100 * ResourcePlan.DEFAULT_MAX_OVERHEAD,
                RoundBytes.LATENCY_SECONDS,
                format(r.criticalPathBytes()),
                bandwidth / 1e9,
                r.seconds(bandwidth)));
        for (StepTime t : p.stepTimes()) {
            lines.add(String.format(
                    Locale.ROOT,
                    "  %s: %s s per step -> average every %,d steps",
                    t.label(),
                    seconds(t.seconds()),
                    p.stepsPerRound(t.seconds(), ResourcePlan.DEFAULT_MAX_OVERHEAD, bandwidth)));
        }
        return lines;
    }

    /** Three significant digits, without exponents. */
    private static String seconds(double s) {
        int decimals = Math.max(0, 2 - (int) Math.floor(Math.log10(s)));
        return String.format(Locale.ROOT, "%." + decimals + "f", s);
    }
}
