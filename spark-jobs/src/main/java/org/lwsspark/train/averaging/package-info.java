/**
 * How workers combine their training: the {@link org.lwsspark.train.averaging.Averaging} interface the loop sees,
 * and Spark-DL4J parameter averaging behind it, with the fixes it needs (the workers' step count, evaluation with a
 * copy of the parameters).
 */
package org.lwsspark.train.averaging;
