/**
 * {@code ./lws report}: the runs of a comparison (one size, sequence length, dataset and token budget; several
 * profiles, perhaps several seeds each) read from their run directories (run.json and the metrics Parquet, no
 * Spark), checked for comparability, aggregated over seeds and written as a CSV table, a Markdown report and
 * PNG charts. {@link org.lwsspark.report.Report} is the whole of it; the other classes are its parts.
 */
package org.lwsspark.report;
