package org.lwsspark.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A run's resource plan ({@code org.lwsspark.train.resources.ResourcePlan}) as {@code run.json} records it: the inputs and every figure in bytes, so that a report or a
 * notebook compares them with measured peaks without the trainer's classes.
 *
 * @param averagedState      {@code ALL} (parameters and Adam m, v) or {@code PARAMETERS}
 * @param workersInDriverJvm the workers of a local master, 0 on a cluster
 * @param bytesPerSecond     the bandwidth {@code stepsPerRound} assumed
 * @param latencySeconds     the fixed cost of a round {@code stepsPerRound} assumed
 * @param maxOverhead        the share of time the rounds may take
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResourcePlanJson(
        long params,
        int seqLen,
        int batchPerWorker,
        int workers,
        int workersInDriverJvm,
        String averagedState,
        Worker worker,
        Driver driver,
        Round round,
        long tokensPerStep,
        double bytesPerSecond,
        double latencySeconds,
        double maxOverhead,
        List<StepsPerRound> stepsPerRound) {

    /**
     * One worker's memory. {@code offHeap} = parameters + gradients + adamState + activations + workingMemory +
     * activationGradients + tables (the RoPE and mask tables and the batch's token ids); {@code attentionProbs}
     * is part of {@code activations}.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Worker(
            long parameters,
            long gradients,
            long adamState,
            long activations,
            long attentionProbs,
            long workingMemory,
            long activationGradients,
            long tables,
            long offHeap,
            long heap,
            long host,
            long device) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Driver(long heap, long offHeap, long maxResultSize) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Round(
            long state, long broadcast, long results, long throughDriver, long shuffle, long criticalPath) {}

    /** The averaging frequency for one step time. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StepsPerRound(String stepTime, double stepSeconds, int steps) {}
}
