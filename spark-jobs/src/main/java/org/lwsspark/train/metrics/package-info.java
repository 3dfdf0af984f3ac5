/**
 * A run's metrics: per-step records brought back from the workers ({@link org.lwsspark.train.metrics.StepLog}) and
 * the rows written as append-only Parquet files under {@code RUN/metrics/}, and read back without Spark
 * ({@link org.lwsspark.run.metrics.MetricsReader}, for {@code ./lws report}).
 */
package org.lwsspark.train.metrics;
