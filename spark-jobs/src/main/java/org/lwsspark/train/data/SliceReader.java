package org.lwsspark.train.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.lwsspark.data.SerializableConf;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs on the executors: turns each {@link WorkerSlice} of a partition into its batches. It also sets the task's
 * thread count, and its GPU where Spark gave it one, before any array is created: the tasks of one executor share
 * ND4J's and OpenBLAS's thread pools, and two workers each running as many threads as there are cores were slower
 * than two workers of one thread each on a 2-core machine.
 *
 * <p>The Hadoop configuration travels in this function, which Spark serialises with Java serialisation, not in a
 * broadcast: with Kryo as Spark's serializer a broadcast would lose its transient {@code Configuration}.
 */
public final class SliceReader implements FlatMapFunction<Iterator<WorkerSlice>, MultiDataSet> {

    private final int rowLength;
    private final SerializableConf hadoopConf;

    public SliceReader(int rowLength, SerializableConf hadoopConf) {
        this.rowLength = rowLength;
        this.hadoopConf = hadoopConf;
    }

    @Override
    public Iterator<MultiDataSet> call(Iterator<WorkerSlice> slices) {
        List<MultiDataSet> batches = new ArrayList<>();
        while (slices.hasNext()) {
            WorkerSlice slice = slices.next();
            useThreads(slice.threads());
            ExecutorDevice.bindAssignedGpu();
            int[][] rows = rows(slice);
            for (int first = 0; first < rows.length; first += slice.batch()) {
                batches.add(
                        TokenBatches.of(Arrays.copyOfRange(rows, first, Math.min(rows.length, first + slice.batch()))));
            }
        }
        return batches.iterator();
    }

    private int[][] rows(WorkerSlice slice) {
        int[][] rows = new int[slice.rows()][];
        int at = 0;
        for (SpanRead read : slice.reads()) {
            int[][] span = SpanCache.rows(read, rowLength, hadoopConf.get());
            for (int offset : read.offsets()) {
                rows[at++] = span[offset];
            }
        }
        return rows;
    }

    private static void useThreads(int threads) {
        if (threads > 0 && Nd4j.getEnvironment().maxMasterThreads() != threads) {
            Nd4j.getEnvironment().setMaxMasterThreads(threads);
            Nd4j.getEnvironment().setMaxThreads(threads);
            Nd4j.factory().blas().setMaxThreads(threads);
        }
    }
}
