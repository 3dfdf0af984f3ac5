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
import org.lwsspark.prep.Doc;
import org.lwsspark.prep.PrepConfig;
import org.lwsspark.prep.PrepPipeline;
import org.lwsspark.prep.clean.TextNormalizer;
import org.lwsspark.prep.clean.WikitextCleaner;
import org.lwsspark.prep.filter.LanguageConfig;
import org.lwsspark.prep.filter.LanguageIdentifier;
import org.lwsspark.prep.filter.MinHash;
import org.lwsspark.prep.filter.QualityRules;
import org.lwsspark.prep.pack.Packer;
import org.lwsspark.prep.read.WarcFiles;
import org.lwsspark.prep.read.WikiReadHelper;
import org.lwsspark.prep.tokenize.Gpt2TokenizerJson;
import org.lwsspark.prep.tokenize.TiktokenTokenizer;
import org.lwsspark.prep.tokenize.Tokenizers;

/**
 * The data-prep throughput benchmark (run by {@code bench/prep-throughput}). Two parts:
 * <ol>
 *   <li>Per stage, one thread (so the figures are per core): read (decompress + split + parse), clean, filter
 *       (language ID + quality), MinHash, tokenize with jtokkit and with DJL's Hugging Face tokenizer on the same
 *       text (GPT-2's tokenizer.json derived from jtokkit's ranks: the same vocabulary), pack.
 *   <li>End to end on Spark: every wiki and WARC fixture copied until the input reaches the target size, through
 *       the real pipeline; exact and near dedup are off there, since the copies would be removed as duplicates
 *       (dedup cost is the MinHash stage of part 1 plus one shuffle of 8-byte keys).
 * </ol>
 * Prints a Markdown report and writes it to the results file.
 */
public final class PrepThroughput {
    private PrepThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        Path fixtures = Path.of(a.getOrDefault("fixtures", "../shared/fixtures")).toAbsolutePath().normalize();
        long targetBytes = (long) (Double.parseDouble(a.getOrDefault("target-mb", "200")) * 1e6);
        Path work = Path.of(a.getOrDefault("work", Files.createTempDirectory("prep-bench").toString()));
        Path results = Path.of(a.getOrDefault("results", "bench/prep-throughput-results.md"));
        String master = a.getOrDefault("master", "local[*]");
        double minSeconds = Double.parseDouble(a.getOrDefault("stage-seconds", "3"));
        if (!Files.isDirectory(fixtures.resolve("wiki"))) {
            throw new IllegalArgumentException("fixtures not found at " + fixtures + " (--fixtures DIR)");
        }
        StringBuilder report = new StringBuilder();
        PrintStream out = System.out;
        int cores = Runtime.getRuntime().availableProcessors();
        report.append(String.format(Locale.ROOT, "# data-prep throughput (%s, %d cores, %s)%n%n",
                java.time.LocalDate.now(), cores, System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.version")));
        report.append("Load average at the start (other work on the machine lowers every figure): ")
                .append(loadAverage()).append("\n\n");

        PrepConfig cfg = PrepConfig.load(null);
        List<Path> wikiFiles = list(fixtures.resolve("wiki"));
        List<Path> warcFiles = list(fixtures.resolve("warc"));

        // ---- Part 1: per stage, one thread ----
        report.append("## Per stage, one thread (= per core)\n\n| stage | input | MB/s | tokens/s |\n|---|---|---|---|\n");
        // Reading is measured on one large replicated file of each kind (small files measure file-open overhead).
        Path inputs = work.resolve("inputs");
        boolean englishOnly = a.getOrDefault("english-only", "false").equals("true");
        long replicated = replicate(fixtures, inputs, targetBytes, englishOnly);
        Path bigDump = inputs.resolve("enwiki-copy00-pages-articles.xml.bz2");
        Path bigWarc = inputs.resolve("crawl-copy00.warc.gz");
        long dumpBytes = size(bigDump);
        long[] wikitextOut = {0};
        double tRead = timeRepeated(minSeconds, () -> {
            wikitextOut[0] = 0;
            for (Doc d : WikiReadHelper.docs(bigDump, 1L << 40, cfg)) if (d.kept()) wikitextOut[0] += utf8(d.text());
            return dumpBytes;
        });
        row(report, "read wiki dump (bz2 + split + XML), " + dumpBytes / 1000000 + " MB file", "compressed",
                dumpBytes / tRead, null);
        row(report, "read wiki dump (bz2 + split + XML)", "wikitext out", wikitextOut[0] / tRead, null);
        long warcBytes = size(bigWarc);
        double tWarc = timeRepeated(minSeconds, () -> {
            readWarc(bigWarc, cfg);
            return warcBytes;
        });
        row(report, "read WARC/WET (gzip + jwarc + jsoup main text), " + warcBytes / 1000000 + " MB file",
                "compressed", warcBytes / tWarc, null);

        // The other stages on the documents of the fixtures themselves.
        List<Doc> wikiDocs = new ArrayList<>();
        for (Path p : wikiFiles) wikiDocs.addAll(WikiReadHelper.docs(p, 1L << 40, cfg));
        long wikitextBytes = wikiDocs.stream().filter(Doc::kept).mapToLong(d -> utf8(d.text())).sum();
        List<Doc> webDocs = new ArrayList<>();
        for (Path p : warcFiles) webDocs.addAll(readWarc(p, cfg));

        List<String> wikitexts = wikiDocs.stream().filter(Doc::kept).map(Doc::text).collect(Collectors.toList());
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

        // Tokenizers on the same English text.
        for (Doc d : webDocs) if (d.kept()) english.add(TextNormalizer.normalize(d.text()));
        long englishBytes = english.stream().mapToLong(PrepThroughput::utf8).sum();
        Tokenizer gpt2 = Tokenizers.get("r50k_base", "", 64);
        long[] tokens = {0};
        double tJt = timeRepeated(minSeconds, () -> {
            tokens[0] = 0;
            for (String t : english) tokens[0] += gpt2.encode(t).length;
            return englishBytes;
        });
        long nTokens = tokens[0];
        row(report, "tokenize, r50k_base (piece cache warm)", "English text", englishBytes / tJt, nTokens / tJt);
        // The cache makes repeated text cheap: the first pass of a fresh tokenizer is the cost on unseen text.
        Tokenizer fresh = new TiktokenTokenizer(64);
        long tc0 = System.nanoTime();
        for (String t : english) fresh.encode(t);
        double tCold = (System.nanoTime() - tc0) / 1e9;
        row(report, "tokenize, r50k_base (first pass, empty cache)", "English text", englishBytes / tCold,
                nTokens / tCold);
        Encoding jtokkit = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
        double tLib = timeRepeated(minSeconds, () -> {
            for (String t : english) jtokkit.encodeOrdinary(t);
            return englishBytes;
        });
        row(report, "tokenize, jtokkit library alone (encodeOrdinary)", "English text", englishBytes / tLib,
                nTokens / tLib);
        Path tokJson = work.resolve("gpt2-tokenizer.json");
        Files.createDirectories(work);
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
        report.append(String.format(Locale.ROOT, "%nSame text for the tokenizers: %,d English documents, %.1f MB, "
                + "%,d GPT-2 tokens (%.2f bytes/token).%n", english.size(), englishBytes / 1e6, nTokens,
                englishBytes / (double) nTokens));
        out.print(report);

        // ---- Part 2: end to end on Spark ----
        if (a.getOrDefault("e2e", "true").equals("false")) return;
        Path output = work.resolve("out");
        deleteTree(output);
        Path conf = work.resolve("bench-prep.conf");
        Files.writeString(conf, "lws.prep { progress-seconds = 30, filter.dedup { exact = false, near = false } }\n");
        SparkSession spark = SparkSession.builder().master(master).appName("prep-throughput")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.parquet.compression.codec", "zstd").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        int sparkCores = spark.sparkContext().defaultParallelism();
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        PrepPipeline.Result r = new PrepPipeline(spark, PrepConfig.load(conf.toFile()), out)
                .run(List.of(inputs.toString()), output.toString());
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
        spark.stop();
        Manifest m = r.manifest();
        long outTokens = m.splits().values().stream().mapToLong(Manifest.SplitStats::tokens).sum();
        long docTokens = m.splits().values().stream().mapToLong(Manifest.SplitStats::documentTokens).sum();
        double perCore = outTokens / wall / sparkCores;
        StringBuilder e2e = new StringBuilder();
        e2e.append(String.format(Locale.ROOT, "%n## End to end on Spark (%s, %d cores)%n%n", master, sparkCores));
        e2e.append(String.format(Locale.ROOT, "Input: " + (englishOnly ? "the English fixtures (enwiki dumps, dolma and "
                + "jwarc WARCs)" : "every wiki and WARC fixture") + " replicated to %.1f MB (compressed) in "
                + "%,d files (concatenated bz2 dumps and gzip WARCs, as real inputs are large files); dedup off (the "
                + "copies would be removed as duplicates).%n%n", replicated / 1e6,
                m.inputs().size()));
        e2e.append(String.format(Locale.ROOT, "| measure | value |\n|---|---|\n"
                        + "| wall time | %.1f s |\n| records read | %,d |\n| documents kept | %,d |\n"
                        + "| tokens packed (train + val) | %,d |\n| input MB/s per core | %.2f |\n"
                        + "| tokens/s per core | %,.0f |\n"
                        + "| CPU time of the process (all threads: tasks, driver, GC, JIT) | %.1f s |\n"
                        + "| tokens per CPU second | %,.0f |\n",
                wall, m.documents().read(), m.documents().kept(), outTokens,
                replicated / 1e6 / wall / sparkCores, perCore, cpuSeconds, outTokens / cpuSeconds));
        e2e.append("\nLoad average at the end: ").append(loadAverage()).append(". The validation split is empty here: "
                + "copies of a document share its hash, so the 0.5% of documents drawn for val are drawn from the few "
                + "dozen distinct ones.\n");
        e2e.append("\nStage wall times (s): ");
        r.stageSeconds().forEach((k, v) -> e2e.append(String.format(Locale.ROOT, "%s %.1f; ", k, v)));
        double hours64 = 5e9 / (perCore * 64) / 3600;
        // The fixture mix is mostly non-English and markup: per compressed MB it yields few tokens. A mix of
        // English articles only yields tokenizer-bound throughput; both projections are given.
        double readPerWikitextByte = tRead / Math.max(1, wikitextOut[0]);
        double secondsPerCleanByte = (readPerWikitextByte * wikitextBytes + tClean + tFilter + tMinhash) / cleanBytes
                + (tJt + tPack) / englishBytes;
        double englishOnlyPerCore = nTokens / (double) englishBytes / secondsPerCleanByte;
        e2e.append(String.format(Locale.ROOT, "%n%nProjected wall time for 5 B tokens on 64 cores at the measured "
                + "end-to-end rate: **%.2f h (%.0f min)** (%,.0f tokens/s per core; %.0f%% of this input's records are "
                + "dropped: other namespaces and languages, WARC requests...). For an English-only input (every stage chained on one core from part 1: "
                + "read + clean + filter + MinHash + jtokkit + pack), %,.0f tokens/s per core: %.2f h (%.0f min).%n",
                hours64, hours64 * 60, perCore, 100.0 * m.documents().dropped() / m.documents().read(),
                englishOnlyPerCore, 5e9 / (englishOnlyPerCore * 64) / 3600,
                5e9 / (englishOnlyPerCore * 64) / 60));
        e2e.append(String.format(Locale.ROOT, "%nTargets: tokenization >= 2 M tokens/s per core: r50k_base %,.0f "
                + "(first pass %,.0f, jtokkit alone %,.0f), DJL %,.0f; end to end >= 0.5 M tokens/s per core: %,.0f.%n",
                nTokens / tJt, nTokens / tCold, nTokens / tLib, nTokens / tHf, perCore));
        out.print(e2e);
        report.append(e2e);
        Files.createDirectories(results.toAbsolutePath().getParent());
        Files.writeString(results, report.toString());
        out.println("\nwritten to " + results + " (document tokens " + docTokens + ")");
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
        String line = String.format(Locale.ROOT, "| %s | %s | %.1f | %s |%n", stage, input, bytesPerSec / 1e6,
                tokensPerSec == null ? "" : String.format(Locale.ROOT, "%,.0f", tokensPerSec));
        r.append(line);
        System.out.print(line);
    }

    private static List<Doc> readWarc(Path p, PrepConfig cfg) {
        return WarcFiles.read(p, cfg.read().maxRecordBytes());
    }

    /**
     * Replicates every wiki and WARC fixture until {@code target} bytes, into a few large files as real inputs are
     * (a dump is ~22 GB, a WET file ~100 MB): bz2 dumps and gzip WARC members concatenate into valid files (a
     * concatenated dump is read like a multistream one). The UTF-16 dump cannot be concatenated: it is copied as
     * is, once per large file. Returns the bytes written.
     */
    private static long replicate(Path fixtures, Path dir, long target, boolean englishOnly) throws IOException {
        deleteTree(dir);
        Files.createDirectories(dir);
        List<Path> wiki = list(fixtures.resolve("wiki"));
        if (englishOnly) wiki.removeIf(p -> !p.getFileName().toString().contains("enwiki"));
        List<Path> utf16 = wiki.stream().filter(p -> p.getFileName().toString().contains("bgwiki"))
                .collect(Collectors.toList());
        wiki.removeAll(utf16);
        List<Path> warc = list(fixtures.resolve("warc"));
        if (englishOnly) {
            warc.removeIf(p -> !p.getFileName().toString().startsWith("dolma") && !p.getFileName().toString()
                    .startsWith("jwarc"));
        }
        int bigFiles = 8;
        long perFile = target / bigFiles / 2 + 1;
        long total = 0;
        for (int f = 0; f < bigFiles; f++) {
            total += concatenate(wiki, dir.resolve(String.format("enwiki-copy%02d-pages-articles.xml.bz2", f)), perFile);
            total += concatenate(warc, dir.resolve(String.format("crawl-copy%02d.warc.gz", f)), perFile);
            for (Path p : utf16) {
                Path dst = dir.resolve(String.format("copy%02d-%s", f, p.getFileName()));
                Files.copy(p, dst);
                total += Files.size(dst);
            }
        }
        return total;
    }

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
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
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
