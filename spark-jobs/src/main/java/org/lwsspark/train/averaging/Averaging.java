package org.lwsspark.train.averaging;

import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * How data-parallel workers train together, one round at a time: between rounds the driver holds the one current
 * network, and logs, evaluates and checkpoints it. The training loop sees only this, so that another strategy
 * (gradient sharing, local SGD with outer momentum, ...) can be added and benchmarked without touching it.
 */
public interface Averaging {

    /**
     * One round: every worker takes one optimizer step per batch of its partition of {@code round} (each partition
     * holds {@code steps} batches), starting from {@link #network()}; the workers' parameters and optimizer state
     * are then combined into {@link #network()}, whose iteration count advances by {@code steps}.
     */
    void trainRound(JavaRDD<MultiDataSet> round, int steps);

    /** The example-weighted mean loss of {@link #network()} over {@code data}, computed on the executors. */
    double meanLoss(JavaRDD<MultiDataSet> data, int batch);

    /** The driver's copy of the network, current as of the last round. */
    ComputationGraph network();

    /** One line for run.json and the logs: the strategy and its settings. */
    String describe();
}
