package org.lwsspark.train.averaging;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.TaskCompletionListener;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import scala.Tuple2;

/**
 * One worker's part of a round, on an executor: its resident network takes the round's parameters (and the
 * optimizer state when it does not hold the current one), trains one step per batch of the partition, and then
 * hands its state to the shuffle in chunks, keyed by chunk. The chunks are windows on the network's own arrays:
 * the shuffle writer serializes them before the task ends and the network goes back to the pool.
 *
 * @param run          the run's key in {@link ResidentNetworks}
 * @param iteration    the run's step count at the round's start: the learning-rate schedule and Adam's bias
 *                     correction follow it
 * @param stateVersion which averaged optimizer state {@code optimizerState} holds
 * @param sendState    whether the optimizer state is averaged at the end of this round
 * @param listeners    run during fit (global clipping, step records)
 */
record WorkerRound(
        String run,
        String configurationJson,
        StateLayout layout,
        int iteration,
        Broadcast<FlatVector> parameters,
        Broadcast<FlatVector> optimizerState,
        long stateVersion,
        boolean sendState,
        List<TrainingListener> listeners)
        implements PairFlatMapFunction<Iterator<MultiDataSet>, Integer, WorkerChunk> {

    @Override
    public Iterator<Tuple2<Integer, WorkerChunk>> call(Iterator<MultiDataSet> batches) {
        int worker = TaskContext.getPartitionId();
        FlatVector roundParameters = ReceivedState.of("parameters", parameters);
        ResidentNetworks.Resident resident = ResidentNetworks.take(run, worker, configurationJson, roundParameters);
        TaskContext.get()
                .addTaskCompletionListener((TaskCompletionListener) context -> ResidentNetworks.give(run, resident));
        ComputationGraph network = resident.network;
        roundParameters.copyTo(network.params(), 0);
        if (!resident.holdsStateOf(worker, stateVersion)) {
            ReceivedState.of("optimizer state", optimizerState)
                    .copyTo(network.getUpdater().getStateViewArray(), 0);
            resident.holdState(worker, stateVersion);
        }
        network.setListeners(listeners);
        network.getConfiguration().setIterationCount(iteration);
        while (batches.hasNext()) {
            network.fit(batches.next());
        }
        network.setListeners();
        return chunks(worker, network);
    }

    private Iterator<Tuple2<Integer, WorkerChunk>> chunks(int worker, ComputationGraph network) {
        INDArray params = network.params();
        INDArray state = network.getUpdater().getStateViewArray();
        int count = layout.chunks(sendState);
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public Tuple2<Integer, WorkerChunk> next() {
                if (next >= count) {
                    throw new NoSuchElementException();
                }
                StateLayout.Slot slot = layout.slot(next);
                FlatVector values = FlatVector.range(slot.optimizer() ? state : params, slot.first(), slot.length());
                return new Tuple2<>(next++, new WorkerChunk(worker, values));
            }
        };
    }
}
