/**
 * The per-step records of the workers ({@link org.lwsspark.train.metrics.StepLog}: loss, gradient norm and tokens
 * of every step, brought back to the driver through an accumulator), which the trainer turns into the rows of
 * run-format's metrics files ({@link org.lwsspark.run.metrics}).
 */
package org.lwsspark.train.metrics;
