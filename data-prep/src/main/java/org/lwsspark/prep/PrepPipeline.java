package org.lwsspark.prep;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
import org.lwsspark.prep.dedup.Deduplicator;
import org.lwsspark.prep.dedup.DuplicateMarks;
import org.lwsspark.prep.filter.DocumentFilter;
import org.lwsspark.prep.filter.MinHash;
import org.lwsspark.prep.manifest.Committer;
import org.lwsspark.prep.pack.Packer;
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
    public static final StructType ROW_SCHEMA = new StructType()
            .add(Manifest.COLUMN, DataTypes.createArrayType(DataTypes.IntegerType, false), false);
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
    private static final int MAX_READ_ERRORS_LISTED = 100;

    /**
     * What a run did.
     *
     * @param manifest  the manifest after the run (the old one when nothing was to do)
     * @param processed the inputs this run read (empty: nothing new)
     * @param summary   the table printed at the end
     * @param stageSeconds wall seconds of each stage of the run, in order
     */
    public record Result(Manifest manifest, List<InputFile> processed, String summary,
                         Map<String, Double> stageSeconds) {
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
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration conf = jsc.hadoopConfiguration();
        Path out = new Path(output);
        FileSystem fs = out.getFileSystem(conf);
        out = fs.makeQualified(out);

        Manifest old = ManifestIO.read(out, conf);
        TokenizerInfo tok = Tokenizers.get(cfg.tokenizer(), cfg.eosToken(), cfg.padVocabMultiple()).info();
        checkCompatible(old, tok);
        List<String> removed = Committer.recover(out, old, conf);
        removed.forEach(r -> console.println("[prep] removed the leftovers of an interrupted run: " + r));

        List<InputFile> all = InputDiscovery.discover(inputArgs, conf);
        List<InputFile> todo = newInputs(all, old);
        if (todo.isEmpty()) {
            String msg = String.format("[prep] nothing to do: all %d inputs were already processed into %s "
                    + "(same size and modification time)", all.size(), out);
            console.println(msg);
            return new Result(old, List.of(), msg, Map.of());
        }
        console.printf("[prep] %d input(s) to process (%d already done), %,d bytes, into %s%n", todo.size(),
                all.size() - todo.size(), todo.stream().mapToLong(InputFile::size).sum(), out);
        for (InputFile f : todo) console.printf("[prep]   %-5s %,14d  %s%n", f.kind().source(), f.size(), f.path());

        String runId = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now())
                + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0x100000));
        Path staging = Committer.staging(out, runId);
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
            long nRecords = records.count();
            console.printf("[prep] %,d records read%n", nRecords);

            progress.stage("deduplicate");
            DuplicateMarks duplicates = Deduplicator.find(records.filter(Doc::kept), readIndex(out, old, conf),
                    cfg.dedup());
            console.printf("[prep] %,d duplicates%n", duplicates.size());
            Broadcast<DuplicateMarks> marks = jsc.broadcast(duplicates);
            JavaRDD<Doc> marked = records.map(d -> marks.value().mark(d));
            JavaRDD<Doc> documents = marked.filter(Doc::kept);

            progress.stage("count");
            Splitter splitter = Splitter.byFraction(cfg.valFraction());
            Map<String, long[]> perSplit = splitTotals(documents, splitter);
            Splitter withMinimum = withValidationMinimum(documents, splitter, perSplit, old);
            if (withMinimum != splitter) {
                console.printf("[prep] validation holds fewer than %d documents at val-fraction %s: %d more moved "
                        + "to it%n", cfg.valMinDocuments(), cfg.valFraction(), withMinimum.promoted().size());
                splitter = withMinimum;
                perSplit = splitTotals(documents, splitter);
            }
            Map<String, Long> counts = marked.map(d -> d.source() + "\t" + d.file() + "\t"
                    + (d.dropReason() == null ? "" : d.dropReason())).countByValue();
            List<String> readErrors = records.filter(d -> DropReason.isReadError(d.dropReason()))
                    .map(Doc::detail).take(MAX_READ_ERRORS_LISTED);

            progress.stage("write documents");
            // As many documents/ and dedup-index/ files as packed train files: not one per input split.
            long allTokens = perSplit.values().stream().mapToLong(v -> v[1]).sum();
            int docFiles = Math.min(documents.getNumPartitions(), fileCount(allTokens));
            writeDocuments(documents.coalesce(docFiles), new Path(staging, "documents"));
            writeIndex(documents.coalesce(docFiles), new Path(staging, "dedup-index"));

            Map<String, Long> remainders = new HashMap<>();
            for (String split : OutputLayout.SPLITS) {
                progress.stage("pack and write " + split);
                long[] tot = perSplit.getOrDefault(split, new long[2]);
                remainders.put(split, pack(documents, splitter, split, tot[1], tok, new Path(staging, split)));
            }
            maybeFailForTest("before-commit");

            progress.stage("commit");
            Map<String, List<String>> moved = Committer.moveIntoPlace(staging, out, conf);
            maybeFailForTest("during-commit");
            Manifest next = merge(old, tok, todo, counts, perSplit, remainders, moved, readErrors, out, conf, runId,
                    started, (System.nanoTime() - t0) / 1e9);
            ManifestIO.write(next, out, conf);
            fs.delete(staging, true);
            progress.close();
            String summary = Summary.table(next, runId, counts, (System.nanoTime() - t0) / 1e9,
                    todo.stream().mapToLong(InputFile::size).sum(), spark.sparkContext().defaultParallelism(),
                    progress.timings());
            console.println(summary);
            return new Result(next, todo, summary, progress.timings());
        } catch (IOException | RuntimeException e) {
            // Nothing of this run is visible: its files are still under the staging directory (or, if the moves had
            // begun, unlisted by the manifest, and removed here or by the next run).
            try {
                fs.delete(staging, true);
                Committer.recover(out, old, conf);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            cached.forEach(JavaRDD::unpersist);
        }
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
        Set<String> done = old.inputs().stream()
                .map(i -> i.path() + "\t" + i.size() + "\t" + i.modificationTime()).collect(Collectors.toSet());
        return all.stream().filter(f -> !done.contains(f.path() + "\t" + f.size() + "\t" + f.modificationTime()))
                .collect(Collectors.toList());
    }

    private JavaRDD<Row> readIndex(Path out, Manifest old, Configuration conf) {
        if (old == null || old.auxFiles() == null) return spark.emptyDataFrame().javaRDD();
        List<String> files = old.auxFiles().stream().filter(f -> f.startsWith("dedup-index/"))
                .map(f -> new Path(out, f).toString()).collect(Collectors.toList());
        if (files.isEmpty()) return spark.emptyDataFrame().javaRDD();
        return spark.read().schema(INDEX_SCHEMA).parquet(files.toArray(new String[0])).javaRDD();
    }

    /** Per split: {documents, tokens including one EOS per document}. */
    private static Map<String, long[]> splitTotals(JavaRDD<Doc> documents, Splitter splitter) {
        Map<String, long[]> m = new TreeMap<>();
        documents.mapToPair(d -> new Tuple2<>(splitter.split(d.hash()), new long[] {1, d.tokens().length + 1L}))
                .reduceByKey((a, b) -> new long[] {a[0] + b[0], a[1] + b[1]}).collectAsMap()
                .forEach((k, v) -> m.put(k, v));
        return m;
    }

    /**
     * The split with enough validation documents: a small corpus at a small val-fraction (the fixtures' 29 English
     * documents at 0.005) would otherwise have none, and a run could not be evaluated. Up to
     * {@code val-min-documents} (counting earlier runs') training documents move to validation, never more than a
     * tenth of this run's documents. Returns {@code splitter} itself when nothing moves.
     */
    private Splitter withValidationMinimum(JavaRDD<Doc> documents, Splitter splitter, Map<String, long[]> perSplit,
                                           Manifest old) {
        Manifest.SplitStats earlier = old == null ? null : old.splits().get(OutputLayout.VAL);
        long val = perSplit.getOrDefault(OutputLayout.VAL, new long[2])[0] + (earlier == null ? 0 : earlier.documents());
        long docs = perSplit.values().stream().mapToLong(v -> v[0]).sum();
        long moving = Math.min(cfg.valMinDocuments() - val, docs / 10 - perSplit.getOrDefault(OutputLayout.VAL,
                new long[2])[0]);
        if (moving <= 0) {
            return splitter;
        }
        Comparator<Long> firstBuckets = (Comparator<Long> & Serializable) (a, b) -> {
            int byBucket = Long.compare(Splitter.bucket(a), Splitter.bucket(b));
            return byBucket != 0 ? byBucket : Long.compare(a, b);
        };
        List<Long> promoted = documents.map(Doc::hash).filter(h -> splitter.split(h).equals(OutputLayout.TRAIN))
                .distinct().takeOrdered((int) moving, firstBuckets);
        return new Splitter(splitter.valFraction(), new HashSet<>(promoted));
    }

    private void writeDocuments(JavaRDD<Doc> documents, Path dir) {
        JavaRDD<Row> rows = documents.map(d -> RowFactory.create(d.docId(), d.source(), d.title(), d.url(), d.lang(),
                d.text(), d.tokens().length));
        // Texts are distinct (deduplicated): a dictionary for them would only cost a hash and a lookup of each text.
        spark.createDataFrame(rows, DOC_SCHEMA).write().mode(SaveMode.ErrorIfExists)
                .option("parquet.enable.dictionary#text", "false").parquet(dir.toString());
    }

    private void writeIndex(JavaRDD<Doc> documents, Path dir) {
        // long[]: Spark takes primitive arrays for array<bigint>
        JavaRDD<Row> rows = documents.map(d -> RowFactory.create(d.hash(), d.bands()));
        spark.createDataFrame(rows, INDEX_SCHEMA).write().mode(SaveMode.ErrorIfExists).parquet(dir.toString());
    }

    /**
     * Packs one split: documents in a pseudo-random but deterministic order (by a hash of their id, so neighbours in a
     * row are unrelated), one Parquet file per {@code tokens-per-file} tokens. Returns the tokens left over.
     */
    private long pack(JavaRDD<Doc> documents, Splitter splitter, String split, long splitTokens, TokenizerInfo tok,
                      Path dir) {
        int rowLength = cfg.seqLen() + 1;
        int eos = tok.eosId();
        int files = fileCount(splitTokens);
        LongAccumulator remainder = spark.sparkContext().longAccumulator("lws-prep remainder " + split);
        // Only the ids are shuffled, not the documents' text.
        JavaRDD<int[]> docs = documents.filter(d -> splitter.split(d.hash()).equals(split))
                .mapToPair(d -> new Tuple2<>(packOrder(d), d.tokens()))
                .sortByKey(true, files)
                .values();
        JavaRDD<Row> rows = docs.mapPartitions(it -> packedRows(new Packer(it, rowLength, eos), remainder));
        Dataset<Row> df = spark.createDataFrame(rows, ROW_SCHEMA);
        // Plain int32 + zstd rather than a dictionary of up to 50 K ids: on the fixtures' documents 14% smaller files
        // (1.6 bytes per token), and the dictionary lookup of every id was a third of the packing time.
        df.write().mode(SaveMode.ErrorIfExists).option("parquet.enable.dictionary", "false").parquet(dir.toString());
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
        return d.withTokens(Tokenizers.get(c.tokenizer(), c.eosToken(), c.padVocabMultiple()).encode(d.text()));
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

    private Manifest merge(Manifest old, TokenizerInfo tok, List<InputFile> todo, Map<String, Long> counts,
                           Map<String, long[]> perSplit, Map<String, Long> remainders,
                           Map<String, List<String>> moved, List<String> readErrors, Path out, Configuration conf,
                           String runId, String started, double seconds) throws IOException {
        // Counts of this run: by source and by reason, and by input file.
        Map<String, Manifest.Counts> sources = new TreeMap<>(old == null ? Map.of() : old.sources());
        Map<String, long[]> byFile = new HashMap<>(); // read, kept
        long read = 0;
        long kept = 0;
        Map<String, Map<String, Long>> dropsBySource = new TreeMap<>();
        Map<String, long[]> rkBySource = new TreeMap<>();
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            String[] k = e.getKey().split("\t", -1);
            long n = e.getValue();
            read += n;
            long[] rk = rkBySource.computeIfAbsent(k[0], x -> new long[2]);
            rk[0] += n;
            long[] f = byFile.computeIfAbsent(k[1], x -> new long[2]);
            f[0] += n;
            if (k[2].isEmpty()) {
                kept += n;
                rk[1] += n;
                f[1] += n;
            } else {
                dropsBySource.computeIfAbsent(k[0], x -> new TreeMap<>()).merge(k[2], n, Long::sum);
            }
        }
        for (Map.Entry<String, long[]> e : rkBySource.entrySet()) {
            Manifest.Counts now = counts(e.getValue()[0], e.getValue()[1],
                    dropsBySource.getOrDefault(e.getKey(), Map.of()));
            sources.merge(e.getKey(), now, PrepPipeline::add);
        }
        Manifest.Counts total = sources.values().stream().reduce(counts(0, 0, Map.of()), PrepPipeline::add);

        Map<String, Manifest.SplitStats> splits = new TreeMap<>();
        for (String split : OutputLayout.SPLITS) {
            Manifest.SplitStats prev = old == null ? null : old.splits().get(split);
            List<Manifest.ShardFile> files = new ArrayList<>(prev == null ? List.of() : prev.files());
            long rows = 0;
            for (String rel : moved.get(split)) {
                long n = rowCount(new Path(out, rel), conf);
                files.add(new Manifest.ShardFile(rel, n));
                rows += n;
            }
            long[] dt = perSplit.getOrDefault(split, new long[2]);
            int rowLength = cfg.seqLen() + 1;
            splits.put(split, new Manifest.SplitStats(
                    (prev == null ? 0 : prev.rows()) + rows,
                    (prev == null ? 0 : prev.tokens()) + rows * rowLength,
                    (prev == null ? 0 : prev.documents()) + dt[0],
                    (prev == null ? 0 : prev.documentTokens()) + dt[1],
                    (prev == null ? 0 : prev.remainderTokens()) + remainders.getOrDefault(split, 0L),
                    files));
        }
        List<Manifest.InputEntry> inputs = new ArrayList<>(old == null ? List.of() : old.inputs());
        Set<String> todoPaths = todo.stream().map(InputFile::path).collect(Collectors.toSet());
        inputs.removeIf(i -> todoPaths.contains(i.path())); // a changed input is listed once, as now
        for (InputFile f : todo) {
            long[] rk = byFile.getOrDefault(f.path(), new long[2]);
            inputs.add(new Manifest.InputEntry(f.path(), f.kind().source(), f.size(), f.modificationTime(), runId,
                    rk[0], rk[1]));
        }
        long newRows = moved.get(OutputLayout.TRAIN).size() + moved.get(OutputLayout.VAL).size() == 0 ? 0
                : splits.values().stream().mapToLong(Manifest.SplitStats::rows).sum()
                - (old == null ? 0 : old.splits().values().stream().mapToLong(Manifest.SplitStats::rows).sum());
        List<Manifest.RunEntry> runs = new ArrayList<>(old == null ? List.of() : old.runs());
        runs.add(new Manifest.RunEntry(runId, started, now(), Math.round(seconds * 10) / 10.0, todo.size(), read,
                kept, newRows * (cfg.seqLen() + 1), newRows));
        List<String> errors = new ArrayList<>(old == null ? List.of() : old.readErrors());
        errors.addAll(readErrors);
        List<String> aux = new ArrayList<>(old == null ? List.of() : old.auxFiles());
        aux.addAll(moved.get("documents"));
        aux.addAll(moved.get("dedup-index"));
        return new Manifest(Manifest.FORMAT, codeVersion(), old == null ? started : old.created(), now(), tok,
                Manifest.DTYPE, Manifest.COLUMN, cfg.seqLen(), cfg.seqLen() + 1, cfg.valFraction(), splits, total,
                sources, inputs, runs, errors.subList(0, Math.min(errors.size(), MAX_READ_ERRORS_LISTED)), aux);
    }

    private static Manifest.Counts counts(long read, long kept, Map<String, Long> drops) {
        return new Manifest.Counts(read, kept, read - kept, new TreeMap<>(drops));
    }

    private static Manifest.Counts add(Manifest.Counts a, Manifest.Counts b) {
        Map<String, Long> d = new TreeMap<>(a.droppedByReason());
        b.droppedByReason().forEach((k, v) -> d.merge(k, v, Long::sum));
        return counts(a.read() + b.read(), a.kept() + b.kept(), d);
    }

    private static long rowCount(Path p, Configuration conf) throws IOException {
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(p, conf))) {
            return r.getRecordCount();
        }
    }

    private static String now() {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    /** "lws-data-prep VERSION" plus the git commit of the working directory when there is one. */
    static String codeVersion() {
        String v = "unknown";
        try (InputStream in = PrepPipeline.class.getResourceAsStream("/prep-version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                v = p.getProperty("version", v);
            }
        } catch (IOException e) {
            // keep "unknown"
        }
        // ./lws passes -Dlws.git.commit; deploy/prep-submit.sh sets LWS_GIT_COMMIT; else ask git.
        String commit = System.getProperty("lws.git.commit", System.getenv("LWS_GIT_COMMIT"));
        if (commit == null) {
            try {
                Process pr = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").redirectErrorStream(true)
                        .start();
                String s = new String(pr.getInputStream().readAllBytes()).strip();
                if (pr.waitFor() == 0 && s.matches("[0-9a-f]{7,40}")) commit = s;
            } catch (IOException e) {
                // no git: version only
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return "lws-data-prep " + v + (commit == null ? "" : " (git " + commit + ")");
    }

    static LinkedHashMap<String, Long> sortedByValue(Map<String, Long> m) {
        LinkedHashMap<String, Long> out = new LinkedHashMap<>();
        m.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
