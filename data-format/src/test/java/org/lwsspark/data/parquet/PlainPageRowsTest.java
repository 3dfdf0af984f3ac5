package org.lwsspark.data.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwsspark.data.Shard;
import org.lwsspark.data.ShardReader;
import org.lwsspark.data.SparkShards;

/**
 * Rows that span pages: parquet-mr closes pages only between rows, but the format allows v1 pages to end inside a
 * row (other writers do). The pages here are written by hand, 100 levels each, through parquet-mr's low-level file
 * writer, with rows of 33 ids; Spark's reader is the reference.
 */
class PlainPageRowsTest {
    private static final int ROW_LENGTH = 33;
    private static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
            "message spark_schema { required group input_ids (LIST) { repeated group list { "
                    + "required int32 element; } } }");
    private static final Configuration CONF = new Configuration();

    @TempDir
    static Path tmp;

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkShards.session();
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }

    @Test
    void rowsAcrossPageEndsReadAsSparkReadsThem() throws IOException {
        List<int[]> rows = IntStream.range(0, 40)
                .mapToObj(r ->
                        IntStream.range(0, ROW_LENGTH).map(j -> r * 1000 + j).toArray())
                .toList();
        Path file = writeInPages(rows, tmp.resolve("spanning.parquet"), 100);
        List<int[]> expected = SparkShards.read(spark, file);
        assertEquals(rows.size(), expected.size());
        Shard shard = new Shard(file.toUri().toString(), rows.size());
        for (int[] span : new int[][] {{0, 40}, {0, 1}, {3, 1}, {3, 4}, {39, 1}, {10, 20}}) {
            int[][] got = ShardReader.read(shard, span[0], span[1], ROW_LENGTH, CONF);
            for (int k = 0; k < span[1]; k++) assertArrayEquals(expected.get(span[0] + k), got[k]);
        }
        List<int[]> scanned = new ArrayList<>();
        try (IdFile f = IdFile.open(file.toUri().toString(), CONF)) {
            f.scan(ROW_LENGTH, (i, ids) -> scanned.add(ids.clone()));
        }
        for (int k = 0; k < rows.size(); k++) assertArrayEquals(expected.get(k), scanned.get(k));
    }

    @Test
    void aShortRowAcrossAPageEndIsNamed() throws IOException {
        List<int[]> rows = new ArrayList<>();
        for (int r = 0; r < 6; r++) rows.add(new int[r == 2 ? ROW_LENGTH - 1 : ROW_LENGTH]); // row 2: 66 to 97
        Path file = writeInPages(rows, tmp.resolve("short.parquet"), 80);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            try (IdFile f = IdFile.open(file.toUri().toString(), CONF)) {
                f.scan(ROW_LENGTH, (i, ids) -> {});
            }
        });
        assertTrue(
                e.getMessage().endsWith("short.parquet: row 2 has 32 ids, expected 33 (seq_len + 1)"), e.getMessage());
    }

    /** One row group, one uncompressed v1 page per {@code levelsPerPage} levels, wherever rows happen to end. */
    private static Path writeInPages(List<int[]> rows, Path path, int levelsPerPage) throws IOException {
        List<int[]> levels = new ArrayList<>(); // {repetition level, id}
        for (int[] row : rows) for (int j = 0; j < row.length; j++) levels.add(new int[] {j == 0 ? 0 : 1, row[j]});
        ColumnDescriptor col = SCHEMA.getColumns().get(0);
        ParquetFileWriter w = new ParquetFileWriter(
                HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(path.toUri()), CONF),
                SCHEMA,
                ParquetFileWriter.Mode.CREATE,
                1 << 20,
                0);
        w.start();
        w.startBlock(rows.size());
        w.startColumn(col, levels.size(), CompressionCodecName.UNCOMPRESSED);
        for (int from = 0; from < levels.size(); from += levelsPerPage) {
            List<int[]> page = levels.subList(from, Math.min(levels.size(), from + levelsPerPage));
            byte[] bytes = pageBytes(page);
            w.writeDataPage(
                    page.size(), bytes.length, BytesInput.from(bytes), Encoding.RLE, Encoding.RLE, Encoding.PLAIN);
        }
        w.endColumn();
        w.endBlock();
        w.end(Map.of());
        return path;
    }

    /** A v1 page: repetition levels and definition levels (RLE, each after its 4-byte length), then the ids. */
    private static byte[] pageBytes(List<int[]> page) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int which = 0; which < 2; which++) {
            RunLengthBitPackingHybridEncoder enc =
                    new RunLengthBitPackingHybridEncoder(1, 64, 1 << 20, HeapByteBufferAllocator.getInstance());
            for (int[] l : page) enc.writeInt(which == 0 ? l[0] : 1); // every id is defined: level 1
            byte[] b = enc.toBytes().toByteArray();
            out.write(ByteBuffer.allocate(4)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(b.length)
                    .array());
            out.write(b);
        }
        ByteBuffer ids = ByteBuffer.allocate(4 * page.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (int[] l : page) ids.putInt(l[1]);
        out.write(ids.array());
        return out.toByteArray();
    }
}
