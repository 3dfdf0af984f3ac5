/**
 * A run's metrics: per-step records brought back from the workers ({@link org.lwsspark.train.metrics.StepLog}) and
 * the rows written as append-only Parquet files under {@code RUN/metrics/}.
 */
package org.lwsspark.train.metrics;
