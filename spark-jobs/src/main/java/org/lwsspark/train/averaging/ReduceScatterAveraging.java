package org.lwsspark.train.averaging;

import java.io.Serializable;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.apache.spark.ContextCleaner;
import org.apache.spark.Dependency;
import org.apache.spark.HashPartitioner;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import scala.Option;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * Parameter averaging whose cost is moving and summing the state, nothing else:
 * <ol>
 *   <li>the driver broadcasts the current parameters (and, when the workers must reload it, the optimizer state),
 *       once per round, as raw floats;
 *   <li>each worker trains its partition's steps on a network that lives on its executor between rounds
 *       ({@link ResidentNetworks});
 *   <li>a reduce-scatter over Spark's shuffle: every worker writes its state in chunks, and each reduce task
 *       averages its chunks over the workers ({@link ChunkMean});
 *   <li>the averaged chunks, the state once whatever the number of workers, come to the driver as they finish
 *       and are copied into {@link #network()}.
 * </ol>
 * Spark-DL4J's master did the same work with a network built (and randomly initialised) per task, a tree of
 * partial sums of 12 bytes per parameter that reached the driver whole, and Java-heap copies of every array: at the
 * paper's size its round cost 15 times its two steps.
 */
public final class ReduceScatterAveraging implements Averaging {

    private final JavaSparkContext sc;
    private final ComputationGraph network;
    private final String configurationJson;
    private final StateLayout layout;
    private final AveragedState averaged;
    private final int workers;
    private final int batch;
    private final int frequency;
    private final List<TrainingListener> listeners;
    private final String run = UUID.randomUUID().toString();

    /** Of the driver's current parameters; null once they have changed. */
    private Broadcast<FlatVector> parameters;
    /** Of the driver's optimizer state, version {@link #stateVersion}; null once it has changed. */
    private Broadcast<FlatVector> optimizerState;

    private long stateVersion;

    private final RoundTraffic traffic = new RoundTraffic();
    private int rounds;

    /**
     * @param network   the initial (or resumed) network; it becomes {@link #network()}
     * @param workers   partitions of each round
     * @param batch     rows per worker per step
     * @param frequency steps between averagings (the longest round)
     * @param listeners run on the workers' networks during fit (global clipping, step records)
     */
    public ReduceScatterAveraging(
            JavaSparkContext sc,
            ComputationGraph network,
            AveragedState averaged,
            int workers,
            int batch,
            int frequency,
            List<TrainingListener> listeners) {
        this.sc = sc;
        this.network = network;
        this.averaged = averaged;
        this.workers = workers;
        this.batch = batch;
        this.frequency = frequency;
        this.listeners = List.copyOf(listeners);
        this.configurationJson = network.getConfiguration().toJson();
        this.layout = new StateLayout(
                network.params().length(),
                network.getUpdater(true).getStateViewArray().length(),
                StateLayout.DEFAULT_CHUNK_ELEMENTS);
        sc.sc().addSparkListener(traffic);
    }

    /** The most one reduce task sends to the driver. */
    public static long taskResultBytes() {
        return StateLayout.CHUNKS_PER_RESULT * StateLayout.DEFAULT_CHUNK_ELEMENTS * Float.BYTES;
    }

    @Override
    public void trainRound(JavaRDD<MultiDataSet> round, int steps, boolean wholeState) {
        if (steps < 1 || steps > frequency) {
            throw new IllegalArgumentException("a round takes 1 to " + frequency + " steps, not " + steps);
        }
        int iteration = network.getIterationCount();
        boolean withState = averaged == AveragedState.ALL || wholeState;
        long broadcast =
                (parameters == null ? layout.parameters() : 0) + (optimizerState == null ? layout.optimizerState() : 0);
        traffic.roundStarted(rounds, broadcast * Float.BYTES);
        long t0 = System.nanoTime();
        Broadcast<FlatVector> roundParameters = parameters();
        Broadcast<FlatVector> roundState = optimizerState();
        traffic.broadcastTook(rounds, (System.nanoTime() - t0) / 1e9);
        sc.setLocalProperty(RoundTraffic.ROUND, String.valueOf(rounds++));
        WorkerRound work = new WorkerRound(
                run,
                configurationJson,
                layout,
                iteration,
                roundParameters,
                roundState,
                stateVersion,
                withState,
                listeners);
        JavaPairRDD<Integer, Iterable<WorkerChunk>> byChunk =
                round.mapPartitionsToPair(work).groupByKey(new HashPartitioner(layout.reducers(workers, withState)));
        try {
            receive(byChunk.mapPartitions(new ChunkMean(workers)));
        } finally {
            sc.setLocalProperty(RoundTraffic.ROUND, null);
            removeShuffle(byChunk);
        }
        network.getConfiguration().setIterationCount(iteration + steps);
        parameters = destroy(parameters);
        if (withState) {
            optimizerState = destroy(optimizerState);
            stateVersion++;
        }
    }

    /**
     * Deletes the round's shuffle files now. Spark keeps a shuffle until its RDD is garbage-collected and its
     * cleaner notices, which a large heap postpones for up to {@code spark.cleaner.periodicGC.interval} (30 minutes):
     * at the paper's size that is 2.2 GB a round per worker, some 200 GB in half an hour, and their writeback to disk
     * held each round's shuffle write to the disk's speed (5.6 s for 2.2 GB here).
     */
    private void removeShuffle(JavaPairRDD<?, ?> grouped) {
        Option<ContextCleaner> cleaner = sc.sc().cleaner();
        // The Java API's groupByKey maps its values to Java iterables: the shuffle is one narrow step up.
        RDD<?> rdd = grouped.rdd();
        while (cleaner.isDefined() && !rdd.dependencies().isEmpty()) {
            Dependency<?> dependency = rdd.dependencies().head();
            if (dependency instanceof ShuffleDependency<?, ?, ?> shuffle) {
                cleaner.get().doCleanupShuffle(shuffle.shuffleId(), true);
                return;
            }
            rdd = dependency.rdd();
        }
    }

    /** Copies each reduce task's chunks into the driver's network as its result arrives, then frees them. */
    private void receive(JavaRDD<MeanChunks> means) {
        INDArray params = network.params();
        INDArray state = network.getUpdater().getStateViewArray();
        scala.Function2<Object, MeanChunks, BoxedUnit> copyIn = (partition, result) -> {
            for (int i = 0; i < result.size(); i++) {
                StateLayout.Slot slot = layout.slot(result.chunk(i));
                FlatVector.copyBytes(result.values(i), slot.optimizer() ? state : params, slot.first());
            }
            return BoxedUnit.UNIT;
        };
        sc.sc().runJob(means.rdd(), new OnlyElement(), copyIn, ClassTag$.MODULE$.apply(MeanChunks.class));
    }

    /** A reduce task's one result. */
    private static final class OnlyElement extends AbstractFunction1<Iterator<MeanChunks>, MeanChunks>
            implements Serializable {
        @Override
        public MeanChunks apply(Iterator<MeanChunks> results) {
            return results.next();
        }
    }

    @Override
    public double meanLoss(JavaRDD<MultiDataSet> data) {
        Tuple2<Long, Double> rowsAndSum = data.mapPartitions(new ResidentScore(run, configurationJson, parameters()))
                .reduce((a, b) -> new Tuple2<>(a._1() + b._1(), a._2() + b._2()));
        return rowsAndSum._2() / rowsAndSum._1();
    }

    @Override
    public RoundTraffic.Bytes traffic() {
        try {
            sc.sc().listenerBus().waitUntilEmpty(2000);
        } catch (TimeoutException e) {
            // the figures of the last tasks may be missing; they are figures, not state
        }
        return traffic.rounds(0, rounds);
    }

    @Override
    public ComputationGraph network() {
        return network;
    }

    private Broadcast<FlatVector> parameters() {
        if (parameters == null) {
            parameters = sc.broadcast(FlatVector.of(network.params()));
        }
        return parameters;
    }

    private Broadcast<FlatVector> optimizerState() {
        if (optimizerState == null) {
            optimizerState = sc.broadcast(FlatVector.of(network.getUpdater().getStateViewArray()));
        }
        return optimizerState;
    }

    private static <T> Broadcast<T> destroy(Broadcast<T> broadcast) {
        if (broadcast != null) {
            broadcast.destroy();
        }
        return null;
    }

    @Override
    public String describe() {
        return "parameter averaging by reduce-scatter ("
                + (averaged == AveragedState.ALL ? "parameters and Adam state" : "parameters; Adam state per worker")
                + ") of " + workers + " workers, " + batch + " rows each per step, every " + frequency + " steps";
    }
}
