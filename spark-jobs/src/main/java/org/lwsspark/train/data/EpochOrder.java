package org.lwsspark.train.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.lwsspark.data.Shard;

/**
 * The order in which training reads the rows of the train split, epoch by epoch, as a pure function of the shard
 * list, the span size and the seed: nothing about it is stored but the position (epoch, step in the epoch).
 *
 * <p>Parquet shards are read sequentially, not row by row, so the unit of shuffling is a span: {@code spanRows}
 * consecutive rows of one shard. Each epoch shuffles the spans (a seeded permutation), and the rows inside each
 * span (another one, per span), then cuts the sequence into one equal contiguous slice per worker. A worker's
 * round therefore reads a few whole spans, and consecutive rounds of a worker continue in the same span. Prep
 * already packs documents in hash order, so rows far apart in a shard are unrelated; the in-span shuffle separates
 * the consecutive rows of one long document.
 */
public final class EpochOrder {

    private final List<Shard> shards;
    private final int spanRows;
    private final long seed;
    private final int workers;
    private final int batch;
    /** Spans in manifest order: shard index and first row. */
    private final int[] spanShard;

    private final long[] spanStart;
    private final long totalRows;
    /** The permutation of the spans of the epoch last asked for, and where each permuted span starts. */
    private int cachedEpoch = -1;

    private int[] spanOrder;
    private long[] orderedStart;
    private final Map<Integer, int[]> rowOrders = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, int[]> eldest) {
            return size() > 64;
        }
    };

    /**
     * @param shards   the train split's shards, in manifest order
     * @param spanRows rows per span (the last span of a shard may be shorter)
     * @param seed     the run's data seed
     * @param workers  slices per epoch
     * @param batch    rows per worker per step
     */
    public EpochOrder(List<Shard> shards, int spanRows, long seed, int workers, int batch) {
        if (spanRows < 1 || workers < 1 || batch < 1) {
            throw new IllegalArgumentException("span rows, workers and batch must be positive");
        }
        this.shards = List.copyOf(shards);
        this.spanRows = spanRows;
        this.seed = seed;
        this.workers = workers;
        this.batch = batch;
        List<int[]> spans = new ArrayList<>();
        long rows = 0;
        for (int s = 0; s < this.shards.size(); s++) {
            long n = this.shards.get(s).rows();
            for (long start = 0; start < n; start += spanRows) {
                spans.add(new int[] {s, (int) start});
            }
            rows += n;
        }
        this.totalRows = rows;
        this.spanShard = spans.stream().mapToInt(a -> a[0]).toArray();
        this.spanStart = spans.stream().mapToLong(a -> a[1]).toArray();
    }

    /** Optimizer steps in one epoch: each worker's slice holds this many batches (the remainder is skipped). */
    public long stepsPerEpoch() {
        return totalRows / workers / batch;
    }

    /**
     * The rows worker {@code worker} trains on at steps {@code [firstStep, firstStep + steps)} of epoch
     * {@code epoch}, in order, grouped by span.
     */
    public List<SpanRead> rowsOf(int epoch, int worker, long firstStep, int steps) {
        if (firstStep < 0 || steps < 1 || firstStep + steps > stepsPerEpoch()) {
            throw new IllegalArgumentException("steps [" + firstStep + ", " + (firstStep + steps)
                    + ") are outside the epoch's " + stepsPerEpoch() + " steps");
        }
        if (worker < 0 || worker >= workers) {
            throw new IllegalArgumentException("worker " + worker + " of " + workers);
        }
        permuteSpans(epoch);
        long sliceRows = totalRows / workers;
        long first = worker * sliceRows + firstStep * batch;
        long end = first + (long) steps * batch;
        List<SpanRead> reads = new ArrayList<>();
        long position = first;
        while (position < end) {
            int j = spanAt(position);
            int span = spanOrder[j];
            int inSpan = (int) (position - orderedStart[j]);
            int take = (int) Math.min(end - position, spanLength(span) - inSpan);
            int[] rowOrder = rowOrder(epoch, span);
            reads.add(new SpanRead(
                    shards.get(spanShard[span]),
                    spanStart[span],
                    spanLength(span),
                    Arrays.copyOfRange(rowOrder, inSpan, inSpan + take)));
            position += take;
        }
        return reads;
    }

    private int spanLength(int span) {
        return (int) Math.min(spanRows, shards.get(spanShard[span]).rows() - spanStart[span]);
    }

    private void permuteSpans(int epoch) {
        if (epoch == cachedEpoch) {
            return;
        }
        spanOrder = permutation(spanShard.length, mix(seed, epoch, -1));
        orderedStart = new long[spanOrder.length + 1];
        for (int j = 0; j < spanOrder.length; j++) {
            orderedStart[j + 1] = orderedStart[j] + spanLength(spanOrder[j]);
        }
        rowOrders.clear();
        cachedEpoch = epoch;
    }

    /** The permuted span that holds epoch position {@code position}. */
    private int spanAt(long position) {
        int j = Arrays.binarySearch(orderedStart, position);
        return j >= 0 ? j : -j - 2;
    }

    private int[] rowOrder(int epoch, int span) {
        return rowOrders.computeIfAbsent(span, s -> permutation(spanLength(s), mix(seed, epoch, s)));
    }

    /** Fisher-Yates over 0..n-1 with a seeded generator: the same on every JVM and Java version. */
    static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** A seed per (run seed, epoch, span); span -1 is the epoch's span permutation. */
    private static long mix(long seed, int epoch, int span) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL + (span + 1L) * 0x165667B19E3779F9L;
        h = (h ^ (h >>> 33)) * 0xFF51AFD7ED558CCDL;
        h = (h ^ (h >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }
}
