package org.lwsspark.prep;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.lwsspark.data.manifest.Manifest;
import org.lwsspark.data.manifest.ManifestIO;
import org.lwsspark.data.manifest.OutputLayout;
import org.lwsspark.data.tokenize.TokenizerInfo;
import org.lwsspark.prep.config.PrepConfig;
import org.lwsspark.prep.dedup.Deduplicator;
import org.lwsspark.prep.dedup.DuplicateMarks;
import org.lwsspark.prep.doc.Doc;
import org.lwsspark.prep.doc.DropReason;
import org.lwsspark.prep.filter.DocumentFilter;
import org.lwsspark.prep.filter.MinHash;
import org.lwsspark.prep.manifest.Committer;
import org.lwsspark.prep.manifest.ManifestUpdate;
import org.lwsspark.prep.manifest.RunCounts;
import org.lwsspark.prep.pack.Packer;
import org.lwsspark.prep.pack.SplitTotals;
import org.lwsspark.prep.pack.Splitter;
import org.lwsspark.prep.read.InputDiscovery;
import org.lwsspark.prep.read.InputFile;
import org.lwsspark.prep.read.SourceReader;
import org.lwsspark.prep.tokenize.Tokenizers;
import scala.Tuple2;

/**
 * The prep job on Spark: discover inputs, skip those already processed, read, clean, filter and tokenize (one pass,
 * kept in memory), deduplicate (exactly and near, against everything kept so far), split by document hash, pack,
 * write into a staging directory and commit (see {@link Committer}), then update the manifest and print a summary.
 */
public final class PrepPipeline {
    /** Parquet schema of train/ and val/: one typed int32 list per row, never raw bytes. */
    public static final StructType ROW_SCHEMA =
            new StructType().add(Manifest.COLUMN, DataTypes.createArrayType(DataTypes.IntegerType, false), false);
    /** Parquet schema of documents/. */
    public static final StructType DOC_SCHEMA = new StructType()
            .add("doc_id", DataTypes.StringType, false)
            .add("source", DataTypes.StringType, false)
            .add("title", DataTypes.StringType, true)
            .add("url", DataTypes.StringType, true)
            .add("lang", DataTypes.StringType, true)
            .add("text", DataTypes.StringType, false)
            .add("n_tokens", DataTypes.IntegerType, false);
    /** Parquet schema of dedup-index/: what later runs deduplicate against. */
    public static final StructType INDEX_SCHEMA = new StructType()
            .add("hash", DataTypes.LongType, false)
            .add("bands", DataTypes.createArrayType(DataTypes.LongType, false), true);
    /** Every file prep writes: zstd, whatever the session's default codec (a spark-submit's, a notebook's). */
    private static final String CODEC = "zstd";

    /**
     * What a run did.
     *
     * @param manifest  the manifest after the run (the old one when nothing was to do)
     * @param processed the inputs this run read (empty: nothing new)
     * @param summary   the table printed at the end
     * @param stageSeconds wall seconds of each stage of the run, in order
     */
    public record Result(
            Manifest manifest, List<InputFile> processed, String summary, Map<String, Double> stageSeconds) {
        public boolean didWork() {
            return !processed.isEmpty();
        }
    }

    private final SparkSession spark;
    private final PrepConfig cfg;
    private final PrintStream console;

    public PrepPipeline(SparkSession spark, PrepConfig cfg, PrintStream console) {
        this.spark = spark;
        this.cfg = cfg;
        this.console = console;
    }

    public Result run(List<String> inputArgs, String output) throws IOException {
        long t0 = System.nanoTime();
        String started = now();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        TokenizerInfo tok = Tokenizers.get(cfg.tokenizer(), cfg.eosToken(), cfg.padVocabMultiple())
                .info();
        List<InputFile> all = InputDiscovery.discover(inputArgs, conf);
        Path out = writableDirectory(output, conf);
        Manifest old = ManifestIO.read(out, conf);
        checkCompatible(old, tok);
        Committer.recover(out, old, conf)
                .forEach(r -> console.println("[prep] removed the leftovers of an interrupted run: " + r));
        List<InputFile> todo = newInputs(all, old);
        if (todo.isEmpty()) {
            String msg = String.format(
                    "[prep] nothing to do: all %d inputs were already processed into %s "
                            + "(same size and modification time)",
                    all.size(), out);
            console.println(msg);
            return new Result(old, List.of(), msg, Map.of());
        }
        console.printf(
                "[prep] %d input(s) to process (%d already done), %,d bytes, into %s%n",
                todo.size(), all.size() - todo.size(), bytes(todo), out);
        for (InputFile f : todo)
            console.printf("[prep]   %-5s %,14d  %s%n", f.kind().source(), f.size(), f.path());
        todo.stream()
                .filter(f -> f.size() == 0)
                .forEach(f -> console.println("[prep] WARN " + DropReason.EMPTY_INPUT + ": " + f.path()
                        + " is empty (0 bytes): counted, nothing to read"));
        String runId = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.now()) + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0x100000));
        Path staging = Committer.staging(out, runId);
        try {
            Processed done = process(todo, old, tok, out, staging, runId, started, t0);
            Manifest next = ManifestUpdate.apply(old, tok, cfg.seqLen(), cfg.valFraction(), done.run());
            ManifestIO.write(next, out, conf);
            out.getFileSystem(conf).delete(staging, true);
            String summary = Summary.table(
                    next, done.run(), bytes(todo), spark.sparkContext().defaultParallelism(), done.stageSeconds());
            console.println(summary);
            return new Result(next, todo, summary, done.stageSeconds());
        } catch (Exception e) { // SparkException is checked, but Scala throws it undeclared
            // Nothing of this run is visible: its files are still under the staging directory (or, if the moves had
            // begun, unlisted by the manifest, and removed here or by the next run).
            try {
                out.getFileSystem(conf).delete(staging, true);
                Committer.recover(out, old, conf);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new PrepFailedException(out, e);
        }
    }

    /** A committed run and the wall seconds of its stages. */
    private record Processed(ManifestUpdate.CommittedRun run, Map<String, Double> stageSeconds) {}

    /**
     * Read, filter, tokenize, deduplicate, split, write and commit: every stage that runs Spark jobs. Returns what
     * the run committed; the manifest is not yet written.
     */
    private Processed process(
            List<InputFile> todo,
            Manifest old,
            TokenizerInfo tok,
            Path out,
            Path staging,
            String runId,
            String started,
            long t0)
            throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration conf = jsc.hadoopConfiguration();
        LongAccumulator recordsRead = spark.sparkContext().longAccumulator("lws-prep records read");
        List<JavaRDD<?>> cached = new ArrayList<>();
        try (ProgressReporter progress = new ProgressReporter(spark, recordsRead, console, cfg.progressSeconds())) {
            PrepConfig c = cfg;
            progress.stage("read, clean, filter, tokenize");
            // Deserialized in memory (spilling to disk): every later stage reads these records again, and Java
            // deserialization of the texts was an eighth of the CPU time.
            JavaRDD<Doc> records = SourceReader.read(jsc, todo, c, recordsRead)
                    .map(d -> tokenize(DocumentFilter.apply(d, c), c))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            cached.add(records);
            console.printf("[prep] %,d records read%n", records.count());

            progress.stage("deduplicate");
            DuplicateMarks duplicates =
                    Deduplicator.find(records.filter(Doc::kept), readIndex(out, old, conf), cfg.dedup());
            console.printf("[prep] %,d duplicates%n", duplicates.size());
            Broadcast<DuplicateMarks> marks = jsc.broadcast(duplicates);
            JavaRDD<Doc> marked = records.map(d -> marks.value().mark(d));
            JavaRDD<Doc> documents = marked.filter(Doc::kept);

            progress.stage("count");
            Split split = split(documents, old);
            RunCounts counts = RunCounts.of(marked);
            List<String> damaged = records.filter(d -> DropReason.isDamagedInput(d.dropReason()))
                    .map(Doc::detail)
                    .take(ManifestUpdate.MAX_DAMAGE_LISTED);

            Map<String, SplitTotals> packed = write(documents, split, tok, staging, progress);
            maybeFailForTest("before-commit");

            progress.stage("commit");
            Map<String, List<String>> moved = Committer.moveIntoPlace(staging, out, conf);
            maybeFailForTest("during-commit");
            Map<String, List<Manifest.ShardFile>> shards = new TreeMap<>();
            for (String name : OutputLayout.SPLITS) shards.put(name, shardFiles(out, moved.get(name), conf));
            List<String> aux = new ArrayList<>(moved.get("documents"));
            aux.addAll(moved.get("dedup-index"));
            progress.close();
            return new Processed(
                    new ManifestUpdate.CommittedRun(
                            runId,
                            started,
                            now(),
                            (System.nanoTime() - t0) / 1e9,
                            todo,
                            counts,
                            packed,
                            shards,
                            aux,
                            damaged),
                    progress.timings());
        } finally {
            cached.forEach(JavaRDD::unpersist);
        }
    }

    /**
     * Writes documents/, dedup-index/, train/ and val/ into the staging directory. Returns the split totals with the
     * tokens each split's packing left over.
     */
    private Map<String, SplitTotals> write(
            JavaRDD<Doc> documents, Split split, TokenizerInfo tok, Path staging, ProgressReporter progress) {
        progress.stage("write documents");
        // As many documents/ and dedup-index/ files as packed train files: not one per input split.
        long allTokens = split.totals().values().stream()
                .mapToLong(SplitTotals::documentTokens)
                .sum();
        int docFiles = Math.min(documents.getNumPartitions(), fileCount(allTokens));
        writeDocuments(documents.coalesce(docFiles), new Path(staging, "documents"));
        writeIndex(documents.coalesce(docFiles), new Path(staging, "dedup-index"));
        Map<String, SplitTotals> packed = new TreeMap<>();
        for (String name : OutputLayout.SPLITS) {
            progress.stage("pack and write " + name);
            SplitTotals totals = split.totals().getOrDefault(name, SplitTotals.NONE);
            long remainder =
                    pack(documents, split.splitter(), name, totals.documentTokens(), tok, new Path(staging, name));
            packed.put(name, totals.withRemainder(remainder));
        }
        return packed;
    }

    /** The output directory, qualified, created if missing: refused (with the reason) before any work. */
    private static Path writableDirectory(String output, Configuration conf) throws IOException {
        Path out = new Path(output);
        FileSystem fs = out.getFileSystem(conf);
        out = fs.makeQualified(out);
        try {
            if (fs.exists(out) && !fs.getFileStatus(out).isDirectory()) {
                throw new IOException("it is a file");
            }
            if (!fs.mkdirs(out)) throw new IOException("it cannot be created");
        } catch (IOException e) {
            throw new IllegalArgumentException("--output " + output + ": cannot write there: " + e.getMessage(), e);
        }
        return out;
    }

    private static long bytes(List<InputFile> files) {
        return files.stream().mapToLong(InputFile::size).sum();
    }

    /** Test hook: {@code -Dlws.prep.failAt=before-commit|during-commit} simulates a run killed at that point. */
    private static void maybeFailForTest(String point) {
        if (point.equals(System.getProperty("lws.prep.failAt"))) {
            throw new IllegalStateException("simulated failure at " + point + " (lws.prep.failAt)");
        }
    }

    private void checkCompatible(Manifest old, TokenizerInfo tok) {
        if (old == null) return;
        if (!old.tokenizer().equals(tok) || old.seqLen() != cfg.seqLen()) {
            throw new IllegalStateException("the output was written with tokenizer " + old.tokenizer() + " and seq_len "
                    + old.seqLen() + "; this run asks for " + tok + " and seq_len " + cfg.seqLen()
                    + ": write to a new output directory");
        }
    }

    /** Inputs not yet processed, or changed since (size or modification time differ). */
    static List<InputFile> newInputs(List<InputFile> all, Manifest old) {
        if (old == null || old.inputs() == null) return all;
        record Version(String path, long size, long modificationTime) {}
        Set<Version> done = old.inputs().stream()
                .map(i -> new Version(i.path(), i.size(), i.modificationTime()))
                .collect(Collectors.toSet());
        return all.stream()
                .filter(f -> !done.contains(new Version(f.path(), f.size(), f.modificationTime())))
                .collect(Collectors.toList());
    }

    private JavaRDD<Row> readIndex(Path out, Manifest old, Configuration conf) {
        if (old == null || old.auxFiles() == null) return spark.emptyDataFrame().javaRDD();
        List<String> files = old.auxFiles().stream()
                .filter(f -> f.startsWith("dedup-index/"))
                .map(f -> new Path(out, f).toString())
                .collect(Collectors.toList());
        if (files.isEmpty()) return spark.emptyDataFrame().javaRDD();
        return spark.read()
                .schema(INDEX_SCHEMA)
                .parquet(files.toArray(new String[0]))
                .javaRDD();
    }

    /** How this run's documents split into train and val, and the documents and tokens of each. */
    private record Split(Splitter splitter, Map<String, SplitTotals> totals) {}

    private Split split(JavaRDD<Doc> documents, Manifest old) {
        Splitter byHash = Splitter.byFraction(cfg.valFraction());
        Map<String, SplitTotals> totals = splitTotals(documents, byHash);
        Splitter withMinimum = withValidationMinimum(documents, byHash, totals, old);
        if (withMinimum == byHash) return new Split(byHash, totals);
        console.printf(
                "[prep] validation holds fewer than %d documents at val-fraction %s: %d more moved to it%n",
                cfg.valMinDocuments(), cfg.valFraction(), withMinimum.promoted().size());
        return new Split(withMinimum, splitTotals(documents, withMinimum));
    }

    private static Map<String, SplitTotals> splitTotals(JavaRDD<Doc> documents, Splitter splitter) {
        return new TreeMap<>(documents
                .mapToPair(d -> new Tuple2<>(splitter.split(d.hash()), SplitTotals.document(d.tokens().length)))
                .reduceByKey(SplitTotals::plus)
                .collectAsMap());
    }

    /**
     * The split with enough validation documents: a small corpus at a small val-fraction (the fixtures' 29 English
     * documents at 0.005) would otherwise have none, and a run could not be evaluated. Up to
     * {@code val-min-documents} (counting earlier runs') training documents move to validation, never more than a
     * tenth of this run's documents. Returns {@code splitter} itself when nothing moves.
     */
    private Splitter withValidationMinimum(
            JavaRDD<Doc> documents, Splitter splitter, Map<String, SplitTotals> perSplit, Manifest old) {
        Manifest.SplitStats earlier = old == null ? null : old.splits().get(OutputLayout.VAL);
        long valNow = perSplit.getOrDefault(OutputLayout.VAL, SplitTotals.NONE).documents();
        long val = valNow + (earlier == null ? 0 : earlier.documents());
        long docs = perSplit.values().stream().mapToLong(SplitTotals::documents).sum();
        long moving = Math.min(cfg.valMinDocuments() - val, docs / 10 - valNow);
        if (moving <= 0) {
            return splitter;
        }
        Comparator<Long> firstBuckets = (Comparator<Long> & Serializable) (a, b) -> {
            int byBucket = Long.compare(Splitter.bucket(a), Splitter.bucket(b));
            return byBucket != 0 ? byBucket : Long.compare(a, b);
        };
        List<Long> promoted = documents
                .map(Doc::hash)
                .filter(h -> splitter.split(h).equals(OutputLayout.TRAIN))
                .distinct()
                .takeOrdered((int) moving, firstBuckets);
        return new Splitter(splitter.valFraction(), new HashSet<>(promoted));
    }

    private void writeDocuments(JavaRDD<Doc> documents, Path dir) {
        JavaRDD<Row> rows = documents.map(d ->
                RowFactory.create(d.docId(), d.source(), d.title(), d.url(), d.lang(), d.text(), d.tokens().length));
        // Texts are distinct (deduplicated): a dictionary for them would only cost a hash and a lookup of each text.
        spark.createDataFrame(rows, DOC_SCHEMA)
                .write()
                .mode(SaveMode.ErrorIfExists)
                .option("compression", CODEC)
                .option("parquet.enable.dictionary#text", "false")
                .parquet(dir.toString());
    }

    private void writeIndex(JavaRDD<Doc> documents, Path dir) {
        // long[]: Spark takes primitive arrays for array<bigint>
        JavaRDD<Row> rows = documents.map(d -> RowFactory.create(d.hash(), d.bands()));
        spark.createDataFrame(rows, INDEX_SCHEMA)
                .write()
                .mode(SaveMode.ErrorIfExists)
                .option("compression", CODEC)
                .parquet(dir.toString());
    }

    /**
     * Packs one split: documents in a pseudo-random but deterministic order (by a hash of their id, so neighbours in a
     * row are unrelated), one Parquet file per {@code tokens-per-file} tokens. Returns the tokens left over.
     */
    private long pack(
            JavaRDD<Doc> documents, Splitter splitter, String split, long splitTokens, TokenizerInfo tok, Path dir) {
        int rowLength = cfg.seqLen() + 1;
        int eos = tok.eosId();
        int files = fileCount(splitTokens);
        LongAccumulator remainder = spark.sparkContext().longAccumulator("lws-prep remainder " + split);
        // Only the ids are shuffled, not the documents' text.
        JavaRDD<int[]> docs = documents
                .filter(d -> splitter.split(d.hash()).equals(split))
                .mapToPair(d -> new Tuple2<>(packOrder(d), d.tokens()))
                .sortByKey(true, files)
                .values();
        JavaRDD<Row> rows = docs.mapPartitions(it -> packedRows(new Packer(it, rowLength, eos), remainder));
        Dataset<Row> df = spark.createDataFrame(rows, ROW_SCHEMA);
        // Plain int32 + zstd rather than a dictionary of up to 50 K ids: on the fixtures' documents 14% smaller files
        // (1.6 bytes per token), and the dictionary lookup of every id was a third of the packing time.
        df.write()
                .mode(SaveMode.ErrorIfExists)
                .option("compression", CODEC)
                .option("parquet.enable.dictionary", "false")
                .parquet(dir.toString());
        return remainder.value();
    }

    /**
     * The sort key of packing: a deterministic pseudo-random order. The origin is mixed in so that copies of one text
     * (kept when deduplication is off) get distinct keys: equal keys cannot be split between files.
     */
    private static long packOrder(Doc d) {
        return MinHash.mix(d.hash() ^ MinHash.mix(d.offset() ^ (long) d.file().hashCode() << 32));
    }

    /**
     * Output files for this many tokens: one per {@code tokens-per-file}, but at least one per core while files keep a
     * tenth of that, so that a run of a few hundred million tokens is not packed and written by a single task.
     */
    private int fileCount(long tokens) {
        long perFile = cfg.tokensPerFile();
        long byTarget = (tokens + perFile - 1) / perFile;
        long byCores = Math.min(spark.sparkContext().defaultParallelism(), tokens / Math.max(1, perFile / 10));
        return (int) Math.max(1, Math.min(100_000, Math.max(byTarget, byCores)));
    }

    /** The record with its token ids when it is kept (the executor's one tokenizer instance). */
    private static Doc tokenize(Doc d, PrepConfig c) {
        if (!d.kept()) return d;
        return d.withTokens(Tokenizers.get(c.tokenizer(), c.eosToken(), c.padVocabMultiple())
                .encode(d.text()));
    }

    /** Rows of a packer as Spark rows; adds the packer's leftover tokens to {@code remainder} at the end. */
    private static java.util.Iterator<Row> packedRows(Packer p, LongAccumulator remainder) {
        return new java.util.Iterator<>() {
            private boolean counted;

            @Override
            public boolean hasNext() {
                boolean h = p.hasNext();
                if (!h && !counted) {
                    remainder.add(p.remainder());
                    counted = true;
                }
                return h;
            }

            @Override
            public Row next() {
                return RowFactory.create((Object) p.next());
            }
        };
    }

    /** The shard files moved into place, with their row counts (from the Parquet footers). */
    private static List<Manifest.ShardFile> shardFiles(Path out, List<String> moved, Configuration conf)
            throws IOException {
        List<Manifest.ShardFile> files = new ArrayList<>();
        for (String rel : moved) {
            try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(out, rel), conf))) {
                files.add(new Manifest.ShardFile(rel, r.getRecordCount()));
            }
        }
        return files;
    }

    private static String now() {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }
}
