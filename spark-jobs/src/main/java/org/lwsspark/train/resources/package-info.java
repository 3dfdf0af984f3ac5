/**
 * What a training run needs before it starts: {@link org.lwsspark.train.resources.ResourcePlan} computes the memory
 * of a worker and of the driver and the bytes of an averaging round from the model's shapes alone (no Spark, no
 * ND4J), and how often to average for a given overhead; {@code ./lws train --dry-run} prints it and run.json
 * records it. {@link org.lwsspark.train.resources.MemoryPeaks} samples what a JVM really used, so that the plan
 * can be checked ({@code bench/resource-plan}).
 */
package org.lwsspark.train.resources;
