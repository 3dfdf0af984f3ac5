package org.lwsspark.prep.dedup;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.lwsspark.prep.config.DedupConfig;
import org.lwsspark.prep.doc.Doc;
import org.lwsspark.prep.doc.DropReason;
import scala.Tuple2;

/**
 * Finds the duplicates among the kept documents and against the documents kept by earlier runs (their
 * {@code dedup-index/} rows: hash and band hashes). Exact: same normalised-text hash. Near: same bucket in any MinHash
 * LSH band. In a group the earlier run's document stays, else the one with the smallest origin (input order); a
 * document that is both an exact and a near duplicate counts as exact. Only hashes and origins are shuffled.
 */
public final class Deduplicator {
    /** Sorts before every real origin: the documents of earlier runs win. */
    private static final String EARLIER_RUN = "";

    private Deduplicator() {}

    /**
     * @param kept     documents that passed the filters (with hash, and bands when near dedup is on)
     * @param earlier  rows of earlier runs' dedup-index/ ({@code hash bigint, bands array<bigint>})
     */
    public static DuplicateMarks find(JavaRDD<Doc> kept, JavaRDD<Row> earlier, DedupConfig cfg) {
        if (!cfg.exact() && !cfg.near()) return DuplicateMarks.none();
        JavaPairRDD<String, String> losers = null;
        if (cfg.exact()) {
            JavaPairRDD<Long, String> byHash = kept.mapToPair(d -> new Tuple2<>(d.hash(), DuplicateMarks.origin(d)))
                    .union(earlier.mapToPair(r -> new Tuple2<>(r.getLong(0), EARLIER_RUN)));
            losers = allButSmallest(byHash, DropReason.EXACT_DUPLICATE);
        }
        if (cfg.near()) {
            JavaPairRDD<Tuple2<Integer, Long>, String> byBucket = kept.flatMapToPair(
                            d -> buckets(d.bands(), DuplicateMarks.origin(d)))
                    .union(earlier.filter(r -> !r.isNullAt(1)).flatMapToPair(r -> buckets(bandsOf(r), EARLIER_RUN)));
            JavaPairRDD<String, String> near = allButSmallest(byBucket, DropReason.NEAR_DUPLICATE);
            // Exact wins over near when a document is both.
            losers = losers == null
                    ? near
                    : losers.union(near).reduceByKey((a, b) -> a.equals(DropReason.EXACT_DUPLICATE) ? a : b);
        }
        return DuplicateMarks.of(losers.collectAsMap());
    }

    /** For each key shared by several origins: every origin but the smallest, with the reason. */
    private static <K> JavaPairRDD<String, String> allButSmallest(JavaPairRDD<K, String> byKey, String reason) {
        return byKey.groupByKey().flatMapToPair(g -> {
            List<String> origins = new ArrayList<>();
            g._2().forEach(origins::add);
            List<Tuple2<String, String>> out = new ArrayList<>();
            if (origins.size() < 2) return out.iterator();
            origins.sort(null);
            String winner = origins.get(0);
            for (String o : origins.subList(1, origins.size())) {
                if (!o.equals(winner)) out.add(new Tuple2<>(o, reason));
            }
            return out.iterator();
        });
    }

    private static java.util.Iterator<Tuple2<Tuple2<Integer, Long>, String>> buckets(long[] bands, String origin) {
        List<Tuple2<Tuple2<Integer, Long>, String>> out = new ArrayList<>(bands.length);
        for (int b = 0; b < bands.length; b++) out.add(new Tuple2<>(new Tuple2<>(b, bands[b]), origin));
        return out.iterator();
    }

    private static long[] bandsOf(Row indexRow) {
        List<Long> bands = indexRow.getList(1);
        return bands.stream().mapToLong(Long::longValue).toArray();
    }
}
