package org.lwsspark.train.metrics;

import java.io.Serializable;

/**
 * One worker's view of one optimizer step, recorded on the executor.
 *
 * @param step     the 0-based step index (DL4J's iteration)
 * @param worker   the Spark partition, i.e. the worker
 * @param loss     the training loss of the worker's batch
 * @param gradNorm the global gradient norm before clipping
 */
public record StepRecord(int step, int worker, double loss, double gradNorm) implements Serializable {}
