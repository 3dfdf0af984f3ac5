package org.lwsspark.data.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.lwsspark.data.Shard;
import org.lwsspark.data.ShardGuard;
import org.lwsspark.data.ShardReader;
import org.lwsspark.data.SparkShards;
import org.lwsspark.data.manifest.Manifest;
import org.lwsspark.data.manifest.ManifestIO;
import org.lwsspark.data.parquet.IdFile;
import org.lwsspark.data.tokenize.TokenizerInfo;

/**
 * How fast shards are read: one shard of {@code --tokens} ids (default 50 M, prep's tokens-per-file) in rows of
 * {@code --seq-len + 1}, written by Spark as prep writes them (plain int32, zstd, no dictionary, parquet-mr's
 * default 1 MB pages and 128 MB row groups), with ids drawn from a Zipf law over GPT-2's 50,257 ids and an EOS every
 * ~600 tokens, so that it compresses like text. Prints the sequential scan (the guard's) in ids/s, the same with
 * parquet-mr's Group API (the old guard's reader), and the time to read 2,048 rows at the start, middle and end of
 * the file through the offset index, and without it (the fallback), after one warm-up read per repeat.
 * Run:
 * <pre>
 * mvn -B -q -pl data-format test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=$PWD/data-format/target/bench-cp.txt
 * java $(sed -n 's/^lws\.jvm\.flags=//p' conf/jvm.properties) -Xmx4g \
 *     -cp data-format/target/test-classes:data-format/target/classes:$(cat data-format/target/bench-cp.txt) \
 *     org.lwsspark.data.bench.ShardReadBench [--tokens 50000000] [--seq-len 1024] [--work DIR]
 * </pre>
 */
public final class ShardReadBench {
    private static final int VOCAB = 50257;
    private static final int EOS = 50256;
    private static final int SPAN = 2048;

    private ShardReadBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        long tokens = Long.parseLong(a.getOrDefault("tokens", "50000000"));
        int seqLen = Integer.parseInt(a.getOrDefault("seq-len", "1024"));
        int repeats = Integer.parseInt(a.getOrDefault("repeats", "9"));
        int rowLength = seqLen + 1;
        long rows = tokens / rowLength;
        Path work = Path.of(a.getOrDefault("work", System.getProperty("java.io.tmpdir") + "/lws-shard-read-bench"));
        Path out = work.resolve("out-" + tokens + "-" + seqLen);
        Configuration conf = new Configuration();

        Path file = out.resolve("train").resolve("part-00000.zstd.parquet");
        if (!Files.exists(out.resolve(Manifest.FILE_NAME))) {
            long t0 = System.nanoTime();
            write(rows, rowLength, out, file);
            writeManifest(out, rows, seqLen);
            System.out.printf(Locale.ROOT, "wrote %s in %.1f s%n", file, (System.nanoTime() - t0) / 1e9);
        }
        Path noIndex = work.resolve("no-index-" + tokens + "-" + seqLen + ".parquet");
        if (!Files.exists(noIndex)) copyWithoutIndex(file, noIndex, conf);
        describe(file, tokens, conf);

        // The JIT needs a few passes over 50 M ids to compile the decoding loops (the first runs at a fifth of the
        // speed): every pass is printed, the first is what a fresh JVM gets on its first file.
        for (int r = 0; r < 5; r++) {
            long t0 = System.nanoTime();
            long[] sum = new long[1];
            try (IdFile f = IdFile.open(file.toUri().toString(), conf)) {
                f.scan(rowLength, (i, ids) -> sum[0] += ids[(int) (i % ids.length)]);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "sequential scan (IdFile.scan), pass %d: %.2f s, %.1f M ids/s%n",
                    r + 1,
                    s,
                    rows * rowLength / s / 1e6);
        }
        for (int r = 0; r < 3; r++) {
            long t0 = System.nanoTime();
            ShardGuard.check(out.toUri().toString(), conf);
            double g = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "ShardGuard.check (scan, range, histogram), pass %d: %.2f s, %.1f M ids/s%n",
                    r + 1,
                    g,
                    rows * rowLength / g / 1e6);
        }
        groupApiScan(file, conf, rows);

        Shard shard = new Shard(file.toUri().toString(), rows);
        Shard bare = new Shard(noIndex.toUri().toString(), rows);
        for (int r = 0; r < repeats; r++) ShardReader.read(shard, r * (rows - SPAN) / repeats, SPAN, rowLength, conf);
        for (Shard s : List.of(shard, bare)) {
            System.out.println(
                    s == shard
                            ? "2,048-row spans through the offset index:"
                            : "2,048-row spans without an offset index (fallback):");
            for (String where : List.of("start", "middle", "end")) {
                long first = switch (where) {
                    case "start" -> 0;
                    case "middle" -> (rows - SPAN) / 2;
                    default -> rows - SPAN;
                };
                double[] ms = new double[repeats];
                for (int r = 0; r < repeats; r++) {
                    long t = System.nanoTime();
                    int[][] got = ShardReader.read(s, first, SPAN, rowLength, conf);
                    ms[r] = (System.nanoTime() - t) / 1e6;
                    if (got.length != SPAN) throw new IllegalStateException("short read");
                }
                double[] sorted = ms.clone();
                Arrays.sort(sorted);
                System.out.printf(
                        Locale.ROOT,
                        "  %-6s (rows %,d-%,d): median of %d %.0f ms (%.0f-%.0f)%n",
                        where,
                        first,
                        first + SPAN - 1,
                        repeats,
                        sorted[repeats / 2],
                        sorted[0],
                        sorted[repeats - 1]);
            }
        }
    }

    private static void write(long rows, int rowLength, Path out, Path file) throws IOException {
        SparkSession spark = SparkShards.session();
        try {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            JavaRDD<Row> data = jsc.parallelize(List.of(0), 1)
                    .flatMap(x -> new ZipfRows(rows, rowLength))
                    .map(ids -> RowFactory.create((Object) ids));
            Path dir = out.resolve("_spark");
            // Prep's writer settings (PrepPipeline.pack): zstd, no dictionary, parquet-mr defaults.
            spark.createDataFrame(data, SparkShards.ROW_SCHEMA)
                    .write()
                    .option("compression", "zstd")
                    .option("parquet.enable.dictionary", "false")
                    .parquet(dir.toString());
            Files.createDirectories(file.getParent());
            Files.move(SparkShards.partFile(dir), file);
        } finally {
            spark.stop();
        }
    }

    /** Rows of ids from a Zipf law (exponent 1.0, rank r has weight 1 / (r + 2.7)), EOS every ~600 ids. */
    private static final class ZipfRows implements Iterator<int[]> {
        private final long rows;
        private final int rowLength;
        private final double[] cdf = new double[VOCAB - 1];
        private final SplittableRandom random = new SplittableRandom(42);
        private long made;

        ZipfRows(long rows, int rowLength) {
            this.rows = rows;
            this.rowLength = rowLength;
            double sum = 0;
            for (int r = 0; r < cdf.length; r++) cdf[r] = sum += 1 / (r + 2.7);
            for (int r = 0; r < cdf.length; r++) cdf[r] /= sum;
        }

        @Override
        public boolean hasNext() {
            return made < rows;
        }

        @Override
        public int[] next() {
            int[] ids = new int[rowLength];
            for (int i = 0; i < rowLength; i++) {
                if (random.nextInt(600) == 0) {
                    ids[i] = EOS;
                } else {
                    int k = Arrays.binarySearch(cdf, random.nextDouble());
                    ids[i] = Math.min(k < 0 ? -k - 1 : k, VOCAB - 2);
                }
            }
            made++;
            return ids;
        }
    }

    private static void writeManifest(Path out, long rows, int seqLen) throws IOException {
        Manifest.SplitStats train = new Manifest.SplitStats(
                rows,
                rows * (seqLen + 1),
                0,
                0,
                0,
                List.of(new Manifest.ShardFile("train/part-00000.zstd.parquet", rows)));
        Manifest.SplitStats val = new Manifest.SplitStats(0, 0, 0, 0, 0, List.of());
        Manifest m = new Manifest(
                Manifest.FORMAT,
                "shard-read-bench",
                "",
                "",
                new TokenizerInfo("r50k_base", VOCAB, 50304, EOS),
                Manifest.DTYPE,
                Manifest.COLUMN,
                seqLen,
                seqLen + 1,
                0,
                Map.of("train", train, "val", val),
                null,
                Map.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of());
        ManifestIO.write(m, hadoop(out), new Configuration());
    }

    private static void copyWithoutIndex(Path file, Path copy, Configuration conf) throws IOException {
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(hadoop(file), conf))) {
            ParquetFileWriter w = new ParquetFileWriter(
                    HadoopOutputFile.fromPath(hadoop(copy), conf),
                    r.getFooter().getFileMetaData().getSchema(),
                    ParquetFileWriter.Mode.CREATE,
                    128L << 20,
                    0);
            w.start();
            w.appendFile(HadoopInputFile.fromPath(hadoop(file), conf)); // appendFile copies no indexes
            w.end(Map.of());
        }
    }

    private static void describe(Path file, long tokens, Configuration conf) throws IOException {
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(hadoop(file), conf))) {
            List<String> pages = new ArrayList<>();
            for (BlockMetaData b : r.getRowGroups()) {
                OffsetIndex oi = r.readOffsetIndex(b.getColumns().get(0));
                pages.add(b.getRowCount() + " rows / " + (oi == null ? "?" : oi.getPageCount()) + " pages");
            }
            long bytes = Files.size(file);
            System.out.printf(
                    Locale.ROOT,
                    "shard: %,d rows, %,d bytes (%.2f bytes/token), %s, row groups: %s%n",
                    r.getRecordCount(),
                    bytes,
                    bytes / (double) tokens,
                    r.getRowGroups().get(0).getColumns().get(0).getCodec(),
                    pages);
        }
    }

    /** The old guard's way: parquet-mr's example Group API, record by record ("before"). */
    private static void groupApiScan(Path file, Configuration conf, long rows) throws IOException {
        long t0 = System.nanoTime();
        long ids = 0;
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), hadoop(file))
                .withConf(conf)
                .build()) {
            for (long k = 0; k < rows; k++) {
                Group list = reader.read().getGroup(Manifest.COLUMN, 0);
                int n = list.getFieldRepetitionCount(0);
                for (int i = 0; i < n; i++) ids += list.getGroup(0, i).getInteger(0, 0) >= 0 ? 1 : 0;
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                Locale.ROOT, "Group API scan (the old guard's reader): %.1f s, %.1f M ids/s%n", s, ids / s / 1e6);
    }

    private static org.apache.hadoop.fs.Path hadoop(Path p) {
        return new org.apache.hadoop.fs.Path(p.toUri());
    }
}
