package org.lwsspark.train.data;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.lwsspark.data.ShardReader;

/**
 * The spans an executor JVM has read lately, least recently used first out. A worker's consecutive rounds read on
 * in the same span ({@link EpochOrder}), so most rounds find their rows here instead of decoding Parquet pages
 * again, and evaluations find the validation rows.
 */
final class SpanCache {

    /** Token ids kept per JVM: 64 M ints, 256 MB; at seq_len 1024 that is 31 spans of 2,048 rows. */
    static final long MAX_IDS = 64L << 20;

    private static final Map<String, int[][]> SPANS = new LinkedHashMap<>(64, 0.75f, true);
    private static long cachedIds;

    private SpanCache() {}

    /** The rows of the span, read from its shard when not cached. */
    static int[][] rows(SpanRead read, int rowLength, Configuration conf) {
        String key = read.shard().uri() + "#" + read.spanStart();
        synchronized (SPANS) {
            int[][] rows = SPANS.get(key);
            if (rows != null) {
                return rows;
            }
        }
        // Read outside the lock: another worker thread may be reading a different span meanwhile.
        int[][] rows = ShardReader.read(read.shard(), read.spanStart(), read.spanRows(), rowLength, conf);
        synchronized (SPANS) {
            if (SPANS.putIfAbsent(key, rows) == null) {
                cachedIds += (long) rows.length * rowLength;
                Iterator<int[][]> eldest = SPANS.values().iterator();
                while (cachedIds > MAX_IDS && SPANS.size() > 1) {
                    cachedIds -= (long) eldest.next().length * rowLength;
                    eldest.remove();
                }
            }
        }
        return rows;
    }
}
