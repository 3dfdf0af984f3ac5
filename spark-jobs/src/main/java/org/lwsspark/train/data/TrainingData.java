package org.lwsspark.train.data;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.lwsspark.data.SerializableConf;
import org.lwsspark.data.Shard;
import org.lwsspark.data.TokenShards;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * The RDDs the trainer feeds Spark: one per round (one partition per worker, one batch per step, read on the
 * executors in the order of {@link EpochOrder}) and the validation rows. The driver only computes which rows;
 * it never reads a shard.
 */
public final class TrainingData {

    private final JavaSparkContext sc;
    private final EpochOrder order;
    private final SliceReader reader;
    private final List<Shard> validation;
    private final int workers;
    private final int batch;
    private final int threads;
    private final int spanRows;

    public TrainingData(
            JavaSparkContext sc,
            TokenShards data,
            SerializableConf hadoopConf,
            long seed,
            int workers,
            int batch,
            int threads,
            int spanRows) {
        this.sc = sc;
        this.order = new EpochOrder(data.shards("train"), spanRows, seed, workers, batch);
        this.reader = new SliceReader(data.rowLength(), hadoopConf);
        this.validation = data.shards("val");
        this.workers = workers;
        this.batch = batch;
        this.threads = threads;
        this.spanRows = spanRows;
    }

    public long stepsPerEpoch() {
        return order.stepsPerEpoch();
    }

    /** Steps {@code [firstStep, firstStep + steps)} of an epoch: partition w holds worker w's batches. */
    public JavaRDD<MultiDataSet> round(int epoch, long firstStep, int steps) {
        List<WorkerSlice> slices = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            slices.add(new WorkerSlice(order.rowsOf(epoch, w, firstStep, steps), batch, threads));
        }
        return sc.parallelize(slices, workers).mapPartitions(reader);
    }

    /**
     * The first {@code rows} validation rows in manifest order (all of them when 0 or more than there are), in
     * {@code workers} partitions of consecutive rows, cut into batches of {@code evalBatch}.
     */
    public JavaRDD<MultiDataSet> validation(long rows, int evalBatch) {
        long available = validation.stream().mapToLong(Shard::rows).sum();
        long total = rows <= 0 ? available : Math.min(rows, available);
        List<WorkerSlice> slices = new ArrayList<>(workers);
        long per = (total + workers - 1) / workers;
        for (long first = 0; first < total; first += per) {
            slices.add(new WorkerSlice(spanReads(first, Math.min(total, first + per)), evalBatch, threads));
        }
        return sc.parallelize(slices, slices.size()).mapPartitions(reader);
    }

    public long validationRows(long rows) {
        long available = validation.stream().mapToLong(Shard::rows).sum();
        return rows <= 0 ? available : Math.min(rows, available);
    }

    /** Validation rows {@code [from, to)} in manifest order, read span by span (so that the spans are cached). */
    private List<SpanRead> spanReads(long from, long to) {
        List<SpanRead> reads = new ArrayList<>();
        long shardStart = 0;
        for (Shard shard : validation) {
            long lo = Math.max(from, shardStart) - shardStart;
            long hi = Math.min(to, shardStart + shard.rows()) - shardStart;
            for (long row = lo; row < hi; ) {
                long spanStart = row / spanRows * spanRows;
                int spanLength = (int) Math.min(spanRows, shard.rows() - spanStart);
                long end = Math.min(hi, spanStart + spanLength);
                int[] offsets = new int[(int) (end - row)];
                for (int i = 0; i < offsets.length; i++) {
                    offsets[i] = (int) (row - spanStart) + i;
                }
                reads.add(new SpanRead(shard, spanStart, spanLength, offsets));
                row = end;
            }
            shardStart += shard.rows();
        }
        return reads;
    }
}
