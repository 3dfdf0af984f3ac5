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
     * holds {@code steps} batches), starting from {@link #network()}; the workers' states are then combined into
     * {@link #network()}, whose iteration count advances by {@code steps}.
     *
     * @param wholeState whether {@link #network()} must hold the whole combined state after this round, optimizer
     *                   state included (a checkpoint follows), whatever the strategy combines otherwise
     */
    void trainRound(JavaRDD<MultiDataSet> round, int steps, boolean wholeState);

    /** The row-weighted mean loss of {@link #network()}'s parameters over the batches of {@code data}, on the executors. */
    double meanLoss(JavaRDD<MultiDataSet> data);

    /** What the rounds so far moved: to the driver, broadcast, through the shuffle. */
    RoundTraffic.Bytes traffic();

    /** The driver's copy of the network, current as of the last round. */
    ComputationGraph network();

    /** One line for run.json and the logs: the strategy and its settings. */
    String describe();
}
