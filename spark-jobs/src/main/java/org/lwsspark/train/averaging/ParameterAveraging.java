package org.lwsspark.train.averaging;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaRDDLike;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.common.reduce.LongDoubleReduceFunction;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.graph.scoring.ScoreFlatMapFunctionCGMultiDataSet;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import scala.Tuple2;

/**
 * Spark-DL4J's parameter averaging: each round broadcasts the network, every worker trains its own copy on its
 * partition, and the driver averages the parameters and the Adam state (m and v) of all workers.
 *
 * <p>The training loop hands over each round's data already cut into one partition per worker and one
 * {@code batch}-row batch per step, so DL4J is told never to repartition (a shuffle of the round's data), not to
 * persist the round (it would stay cached for the whole run) and how many batches the round holds. DL4J advances the iteration count by the averaging
 * frequency after every round; a shorter round (at an evaluation, a checkpoint or the end) would leave the
 * learning-rate schedule and Adam's bias correction ahead of the true step, so the count is set back here; and
 * the workers' copies lose it altogether ({@link RoundStartStep}).
 */
public final class ParameterAveraging implements Averaging {

    private final JavaSparkContext sc;
    private final SparkComputationGraph spark;
    private final KnownRoundSize master;
    private final RoundStartStep roundStart = new RoundStartStep();
    private final int workers;
    private final int batch;
    private final int frequency;

    /**
     * @param network   the initial (or resumed) network; it becomes {@link #network()}
     * @param workers   partitions of each round
     * @param batch     rows per worker per step
     * @param frequency steps between averagings (the longest round)
     * @param listeners run on the workers' copies during fit (global clipping, step records)
     */
    public ParameterAveraging(
            JavaSparkContext sc,
            ComputationGraph network,
            int workers,
            int batch,
            int frequency,
            List<TrainingListener> listeners) {
        this.sc = sc;
        this.workers = workers;
        this.batch = batch;
        this.frequency = frequency;
        ParameterAveragingTrainingMaster.Builder settings = new ParameterAveragingTrainingMaster.Builder(workers, batch)
                .batchSizePerWorker(batch)
                .averagingFrequency(frequency)
                .saveUpdater(true)
                .workerPrefetchNumBatches(0)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .repartionData(Repartition.Never)
                .storageLevel(null)
                .collectTrainingStats(false);
        master = new KnownRoundSize(settings);
        master.setListeners(listeners);
        master.addHook(roundStart);
        this.spark = new SparkComputationGraph(sc, network, master);
    }

    @Override
    public void trainRound(JavaRDD<MultiDataSet> round, int steps) {
        if (steps < 1 || steps > frequency) {
            throw new IllegalArgumentException("a round takes 1 to " + frequency + " steps, not " + steps);
        }
        int iteration = network().getIterationCount();
        roundStart.setFirstStep(iteration);
        master.roundBatches = (long) workers * steps;
        spark.fitMultiDataSet(round);
        network().getConfiguration().setIterationCount(iteration + steps);
    }

    /**
     * Scores with a broadcast copy of the parameters, destroyed afterwards. Spark-DL4J's own
     * {@code calculateScoreMultiDataSet} broadcasts the network's live parameter array; in local mode the broadcast
     * holds that very object, and when Spark cleans the broadcast up it closes AutoCloseable values, which an
     * INDArray is: the driver's parameters were freed under it, and the next round failed with "Op.Z argument was
     * closed before call" (seen in one resumed run in three).
     */
    @Override
    public double meanLoss(JavaRDD<MultiDataSet> data, int scoreBatch) {
        Broadcast<INDArray> params = sc.broadcast(network().params().dup());
        try {
            Tuple2<Long, Double> countAndSum = data.mapPartitions(new ScoreFlatMapFunctionCGMultiDataSet(
                            network().getConfiguration().toJson(), params, scoreBatch))
                    .reduce(new LongDoubleReduceFunction());
            return countAndSum._2() / countAndSum._1();
        } finally {
            params.destroy();
        }
    }

    @Override
    public ComputationGraph network() {
        return spark.getNetwork();
    }

    /**
     * DL4J's master, told the size of each round instead of counting it: its count is one more Spark job per round,
     * which reads the round's rows a second time.
     */
    private static final class KnownRoundSize extends ParameterAveragingTrainingMaster {
        private long roundBatches;

        KnownRoundSize(Builder settings) {
            super(settings);
        }

        @Override
        protected <T, R extends JavaRDDLike<T, R>> long getTotalDataSetObjectCount(JavaRDDLike<T, R> data) {
            return roundBatches;
        }
    }

    @Override
    public String describe() {
        return "Spark-DL4J parameter averaging (parameters and Adam state) of " + workers + " workers, " + batch
                + " rows each per step, every " + frequency + " steps";
    }
}
