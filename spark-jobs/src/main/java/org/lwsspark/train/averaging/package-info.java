/**
 * How workers combine their training: the {@link org.lwsspark.train.averaging.Averaging} interface the loop sees,
 * and parameter averaging by reduce-scatter behind it ({@link org.lwsspark.train.averaging.ReduceScatterAveraging}):
 * networks that live on the executors between rounds, the state moved as raw float chunks through a broadcast and
 * Spark's shuffle, and only the averaged state, once, at the driver.
 */
package org.lwsspark.train.averaging;
