package org.lwsspark.train.averaging;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import scala.Tuple2;

/**
 * The reduce side of the averaging, on an executor: each chunk's mean over the workers, summed in worker order so
 * that the result does not depend on the order the shuffle delivers the chunks in (float addition is not
 * associative). One reduce task's chunks come back to the driver as one result.
 *
 * @param workers the workers of the round: every chunk must have one value from each
 */
record ChunkMean(int workers) implements FlatMapFunction<Iterator<Tuple2<Integer, Iterable<WorkerChunk>>>, MeanChunks> {

    @Override
    public Iterator<MeanChunks> call(Iterator<Tuple2<Integer, Iterable<WorkerChunk>>> chunks) {
        List<Integer> indices = new ArrayList<>();
        List<FlatVector> means = new ArrayList<>();
        while (chunks.hasNext()) {
            Tuple2<Integer, Iterable<WorkerChunk>> chunk = chunks.next();
            indices.add(chunk._1());
            means.add(mean(chunk._1(), chunk._2()));
        }
        return List.of(new MeanChunks(
                        indices.stream().mapToInt(Integer::intValue).toArray(), means.toArray(new FlatVector[0])))
                .iterator();
    }

    /** The mean, in the array of the first worker's values (which it then owns); the others are freed. */
    private FlatVector mean(int chunk, Iterable<WorkerChunk> values) {
        FlatVector[] byWorker = new FlatVector[workers];
        for (WorkerChunk value : values) {
            if (byWorker[value.worker()] != null) {
                throw new IllegalStateException("chunk " + chunk + " came twice from worker " + value.worker());
            }
            byWorker[value.worker()] = value.values();
        }
        for (int w = 0; w < workers; w++) {
            if (byWorker[w] == null) {
                throw new IllegalStateException("chunk " + chunk + " is missing from worker " + w);
            }
        }
        INDArray sum = byWorker[0].values();
        for (int w = 1; w < workers; w++) {
            sum.addi(byWorker[w].values());
            byWorker[w].close();
        }
        if (workers > 1) {
            sum.divi(workers);
        }
        return byWorker[0];
    }
}
