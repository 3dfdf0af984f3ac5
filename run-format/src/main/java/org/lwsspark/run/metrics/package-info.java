/**
 * A run's metrics: the rows of the training loop and of evaluation, written as append-only Parquet files under
 * {@code RUN/metrics/} ({@link org.lwsspark.run.metrics.MetricsWriter}) and read back without Spark
 * ({@link org.lwsspark.run.metrics.MetricsReader}); pandas, DuckDB and Spark read the same files directly.
 */
package org.lwsspark.run.metrics;
