package org.lwsspark.train.metrics;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.CollectionAccumulator;
import org.lwsspark.model.optim.GlobalNormClipping;

/**
 * Brings every worker's per-step loss and gradient norm back to the driver. DL4J's parameter averaging returns
 * only the last batch's score of a round; the clipping listener sees every step on every worker, and reports to a
 * Spark accumulator, which Spark merges on the driver with each task's result.
 */
public final class StepLog {

    /** A step's figures over the workers. */
    public record StepSummary(double meanLoss, double meanGradNorm, int workers) {}

    private final CollectionAccumulator<StepRecord> records;

    public StepLog(JavaSparkContext sc) {
        this.records = sc.sc().collectionAccumulator("lws step records");
    }

    /** What the listener on each worker reports to. */
    public GlobalNormClipping.StepObserver observer() {
        return new Recorder(records);
    }

    /**
     * The steps recorded since the last call, by 0-based step. A step's records are averaged over its workers; a
     * retried task's duplicate (same step, same worker) counts once.
     */
    public Map<Integer, StepSummary> drain() {
        List<StepRecord> all = records.value();
        records.reset();
        Map<Integer, Map<Integer, StepRecord>> byStep = new TreeMap<>();
        for (StepRecord r : all) {
            byStep.computeIfAbsent(r.step(), s -> new TreeMap<>()).put(r.worker(), r);
        }
        Map<Integer, StepSummary> out = new TreeMap<>();
        byStep.forEach((step, workers) -> out.put(
                step,
                new StepSummary(
                        workers.values().stream()
                                .mapToDouble(StepRecord::loss)
                                .average()
                                .orElseThrow(),
                        workers.values().stream()
                                .mapToDouble(StepRecord::gradNorm)
                                .average()
                                .orElseThrow(),
                        workers.size())));
        return out;
    }

    private record Recorder(CollectionAccumulator<StepRecord> records)
            implements GlobalNormClipping.StepObserver, Serializable {
        @Override
        public void onStep(int step, double loss, double gradientNorm) {
            TaskContext task = TaskContext.get();
            records.add(new StepRecord(step, task == null ? 0 : task.partitionId(), loss, gradientNorm));
        }
    }
}
