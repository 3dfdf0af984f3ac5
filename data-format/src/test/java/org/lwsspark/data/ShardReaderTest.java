package org.lwsspark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ShardReader} against Spark's own Parquet reader, on a file written the way prep writes shards but with
 * pages of 7 rows and row groups of ~16 KB, so that every kind of boundary occurs many times; on a copy of it
 * without an offset index (the fallback path); and on files that other writers could give it: dictionary-encoded
 * (Spark's default) and with v2 pages (delta-encoded), which go through parquet-mr's column reader.
 */
class ShardReaderTest {
    private static final int ROW_LENGTH = 33;
    private static final int ROWS = 1_000;
    private static final Configuration CONF = new Configuration();

    @TempDir
    static Path tmp;

    private static SparkSession spark;
    private static Shard shard;
    private static Shard noIndex;
    private static Shard dictionary;
    private static Shard v2;
    private static List<int[]> sparkRows;
    /** The file's index of the first row of each row group, and of each page (over all row groups). */
    private static final List<Long> rowGroupStarts = new ArrayList<>();

    private static final List<Long> pageStarts = new ArrayList<>();

    @BeforeAll
    static void writeShards() throws IOException {
        spark = SparkShards.session();
        List<int[]> rows = IntStream.range(0, ROWS)
                .mapToObj(r -> IntStream.range(0, ROW_LENGTH)
                        .map(j -> (int) ((r * 7919L + j * 31L) % 50257))
                        .toArray())
                .toList();
        Map<String, String> small = Map.of(
                "parquet.page.row.count.limit", "7",
                "parquet.block.size", "16384",
                "parquet.page.size.row.check.min", "5",
                "parquet.page.size.row.check.max", "20");
        Path file = SparkShards.write(spark, rows, tmp.resolve("small-pages"), small);
        sparkRows = SparkShards.read(spark, file);
        assertEquals(ROWS, sparkRows.size());
        shard = new Shard(file.toUri().toString(), ROWS);

        try (ParquetFileReader r =
                ParquetFileReader.open(HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), CONF))) {
            long start = 0;
            for (BlockMetaData b : r.getRowGroups()) {
                rowGroupStarts.add(start);
                OffsetIndex oi = r.readOffsetIndex(b.getColumns().get(0));
                assertNotNull(oi, "parquet-mr writes an offset index");
                for (int p = 0; p < oi.getPageCount(); p++) pageStarts.add(start + oi.getFirstRowIndex(p));
                start += b.getRowCount();
            }
        }
        assertTrue(rowGroupStarts.size() >= 4, "row groups: " + rowGroupStarts);
        assertTrue(pageStarts.size() >= 100, "pages: " + pageStarts.size());

        // The same row groups copied without their indexes: parquet-mr's appendFile does not carry them over.
        org.apache.hadoop.fs.Path copy =
                new org.apache.hadoop.fs.Path(tmp.resolve("no-index.parquet").toUri());
        try (ParquetFileReader r =
                ParquetFileReader.open(HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), CONF))) {
            ParquetFileWriter w = new ParquetFileWriter(
                    HadoopOutputFile.fromPath(copy, CONF),
                    r.getFooter().getFileMetaData().getSchema(),
                    ParquetFileWriter.Mode.CREATE,
                    16384,
                    0);
            w.start();
            w.appendFile(HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), CONF));
            w.end(Map.of());
        }
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(copy, CONF))) {
            assertEquals(rowGroupStarts.size(), r.getRowGroups().size());
            assertNull(r.readOffsetIndex(r.getRowGroups().get(1).getColumns().get(0)), "the copy has no index");
        }
        noIndex = new Shard(copy.toUri().toString(), ROWS);

        Map<String, String> dict = new java.util.HashMap<>(small);
        dict.put("parquet.enable.dictionary", "true");
        dictionary = new Shard(
                SparkShards.write(spark, rows, tmp.resolve("dictionary"), dict)
                        .toUri()
                        .toString(),
                ROWS);
        Map<String, String> pagesV2 = new java.util.HashMap<>(small);
        pagesV2.put("parquet.writer.version", "v2");
        v2 = new Shard(
                SparkShards.write(spark, rows, tmp.resolve("v2"), pagesV2)
                        .toUri()
                        .toString(),
                ROWS);
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }

    /** The spans a trainer can ask for: the start, across pages and row groups, several row groups, the end. */
    private static List<long[]> spans() {
        long page = pageStarts.get(pageStarts.size() / 3); // a page boundary inside a row group
        long group = rowGroupStarts.get(2);
        return List.of(
                new long[] {0, 1},
                new long[] {0, 40},
                new long[] {1, 6},
                new long[] {page - 3, 6},
                new long[] {page, 7},
                new long[] {page - 1, 1},
                new long[] {group - 5, 10},
                new long[] {group, 1},
                new long[] {group - 1, 1},
                new long[] {rowGroupStarts.get(1) - 2, (int) (rowGroupStarts.get(3) - rowGroupStarts.get(1) + 4)},
                new long[] {ROWS - 9, 9},
                new long[] {ROWS - 1, 1},
                new long[] {0, ROWS},
                new long[] {17, 0});
    }

    @Test
    void readsExactlyTheRowsSparkReads() {
        for (Shard s : List.of(shard, noIndex, dictionary, v2)) {
            for (long[] span : spans()) {
                int[][] got = ShardReader.read(s, span[0], (int) span[1], ROW_LENGTH, CONF);
                assertEquals(span[1], got.length);
                for (int k = 0; k < got.length; k++) {
                    assertArrayEquals(
                            sparkRows.get((int) span[0] + k),
                            got[k],
                            s.uri() + ": row " + (span[0] + k) + " of span " + span[0] + "+" + span[1]);
                }
            }
        }
    }

    @Test
    void aRangePastTheEndNamesTheFile() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ShardReader.read(shard, ROWS - 2, 5, ROW_LENGTH, CONF));
        assertTrue(e.getMessage().contains(shard.uri()) && e.getMessage().contains("past the end"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ShardReader.read(shard, -1, 1, ROW_LENGTH, CONF));
    }

    @Test
    void aShardWhoseFileHoldsOtherRowsIsRefused() {
        Shard wrong = new Shard(shard.uri(), ROWS + 10);
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> ShardReader.read(wrong, 0, 1, ROW_LENGTH, CONF));
        assertTrue(
                e.getMessage().contains(shard.uri()) && e.getMessage().contains(ROWS + " rows in the file"),
                e.getMessage());
    }

    @Test
    void aRowOfAnotherLengthIsNamed() {
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> ShardReader.read(shard, 0, 2, ROW_LENGTH + 1, CONF));
        assertTrue(e.getMessage().contains(shard.uri() + ": row 0 has 33 ids, expected 34"), e.getMessage());
    }
}
