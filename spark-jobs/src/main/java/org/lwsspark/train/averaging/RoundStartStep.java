package org.lwsspark.train.averaging;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Gives each worker's copy of the network the run's step count before its first step of a round.
 *
 * <p>Spark-DL4J (1.0.0-M2) builds every worker's network from {@code ComputationGraphConfiguration.clone()},
 * which drops the iteration count: without this, every round's steps count from 0 again on the workers, so the
 * learning-rate schedule restarts each round and Adam's bias correction divides the averaged moments by
 * {@code 1 - beta^t} for t = 1, 2, ... again (measured: with averaging every 4 steps the steps of each round were
 * numbered 0-3, and the first step of each round took 2.2 times the learning rate). The driver sets
 * {@link #firstStep} before each round; the hook travels to the workers with the training worker.
 */
final class RoundStartStep implements TrainingHook {

    private int firstStep;

    void setFirstStep(int firstStep) {
        this.firstStep = firstStep;
    }

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
        ComputationGraph graph = (ComputationGraph) model;
        if (graph.getIterationCount() < firstStep) {
            graph.getConfiguration().setIterationCount(firstStep);
        }
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
        throw new UnsupportedOperationException("the LWS trainer feeds MultiDataSets");
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {}

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {}
}
