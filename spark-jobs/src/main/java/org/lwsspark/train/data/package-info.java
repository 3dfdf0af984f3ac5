/**
 * What each worker reads: {@link org.lwsspark.train.data.EpochOrder} decides, on the driver and from the seed
 * alone, which rows of the train split each worker trains on at each step; the executors read them
 * ({@link org.lwsspark.train.data.SliceReader}) span by span and turn them into batches.
 */
package org.lwsspark.train.data;
