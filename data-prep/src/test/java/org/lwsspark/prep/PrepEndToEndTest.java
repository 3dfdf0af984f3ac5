package org.lwsspark.prep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwsspark.common.Json;
import org.lwsspark.data.ShardGuard;
import org.lwsspark.data.manifest.Manifest;
import org.lwsspark.data.manifest.ManifestIO;
import org.lwsspark.data.manifest.OutputLayout;
import org.lwsspark.data.tokenize.Tokenizer;
import org.lwsspark.prep.doc.DropReason;
import org.lwsspark.prep.tokenize.Tokenizers;

/**
 * {@code ./lws prep} on every wiki and WARC fixture, once ({@link PrepOutputs#fixtures}), then its output inspected:
 * counts, cleaning, rows, decoding, splits, that the guard accepts it; and the run semantics (re-run, incremental,
 * killed runs, strict) on copies of that output.
 */
class PrepEndToEndTest {
    private static final int SEQ_LEN = PrepOutputs.SEQ_LEN;
    private static SparkSession spark;

    @TempDir
    static Path tmp;

    private static Path out;
    private static Path conf;
    private static SparkTestSupport.Run first;
    private static Manifest manifest;

    @BeforeAll
    static void prepareAll() throws Exception {
        PrepOutputs.Prepared prepared = PrepOutputs.fixtures();
        spark = SparkTestSupport.session();
        conf = prepared.conf();
        out = prepared.out();
        first = prepared.first();
        first.assertDone("every fixture goes through without a crash");
        manifest =
                ManifestIO.read(new org.apache.hadoop.fs.Path(out.toUri()), new org.apache.hadoop.conf.Configuration());
        assertNotNull(manifest);
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }

    private static Manifest.InputEntry input(String nameEnd) {
        return manifest.inputs().stream()
                .filter(i -> i.path().endsWith(nameEnd))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void everyFixtureIsProcessedWithTheExpectedResult() {
        assertEquals(23, manifest.inputs().size());
        // Afar: 507 pages, only "Main Page" is an ns-0 non-redirect wikitext page, and it is blank (so: empty).
        Manifest.InputEntry afar = input("jwpl-aawiki-20260101-pages-meta-current.xml.bz2");
        assertEquals(507, afar.read());
        assertEquals(0, afar.kept());
        assertEquals(0, input("wikidatawiki.xml.bz2").kept(), "Wikidata yields 0 documents");
        assertEquals(47, input("wikidatawiki.xml.bz2").read());
        assertEquals(0, input("wikidata.orgwiki.xml.bz2").read());
        // The WET: warcinfo + 1 conversion record, which is not English.
        Manifest.InputEntry wet = input("cc-whirlwind-whirlwind.warc.wet.gz");
        assertEquals(2, wet.read());
        assertEquals(0, wet.kept());
        assertEquals(1L, manifest.sources().get("wet").droppedByReason().get(DropReason.LANGUAGE));
        // The clipped WARC: reported as truncated, counted, not fatal.
        assertEquals(1, input("resiliparse-clipped.warc.gz").read());
        assertEquals(1L, manifest.documents().droppedByReason().get(DropReason.READ_ERROR_TRUNCATED_GZIP));
        assertTrue(manifest.readErrors().stream().anyMatch(e -> e.contains("resiliparse-clipped.warc.gz at offset 0")));
        assertTrue(first.out().contains(DropReason.READ_ERROR_TRUNCATED_GZIP), "in the summary table");
        // WARC/0.17 read: the archive.org pages are records read.
        assertTrue(input("ukwa-IAH-20080430204825-00000-blackbook-truncated.warc.gz")
                        .read()
                >= 20);
        // English Wikipedia articles and the dolma pages are kept.
        assertEquals(1, input("bliki-enwiki-20150112-pages-articles1.xml.bz2").kept());
        assertEquals(
                2, input("wikipedia2vec-enwiki-pages-articles-sample.xml.bz2").kept());
        assertTrue(input("dolma-sample-0000.warc.gz").kept() >= 18);
        // Non-English dumps (whose <siteinfo> claims English) are dropped for their language.
        for (String f : List.of("dewiki", "ruwiki", "zhwiki", "jawiki", "frwiki", "eswiki", "arwiki", "hiwiki")) {
            Manifest.InputEntry e = input(f + ".xml.bz2");
            assertTrue(e.read() > 0 && e.kept() == 0, f);
        }
    }

    @Test
    void countsAddUp() {
        Manifest.Counts all = manifest.documents();
        assertEquals(all.read(), all.kept() + all.dropped());
        assertEquals(
                all.dropped(),
                all.droppedByReason().values().stream()
                        .mapToLong(Long::longValue)
                        .sum());
        long read = 0;
        long kept = 0;
        for (Manifest.Counts c : manifest.sources().values()) {
            assertEquals(
                    c.read(),
                    c.kept()
                            + c.droppedByReason().values().stream()
                                    .mapToLong(Long::longValue)
                                    .sum());
            read += c.read();
            kept += c.kept();
        }
        assertEquals(all.read(), read);
        assertEquals(all.kept(), kept);
        assertEquals(
                all.read(),
                manifest.inputs().stream().mapToLong(Manifest.InputEntry::read).sum());
        assertEquals(
                all.kept(),
                manifest.inputs().stream().mapToLong(Manifest.InputEntry::kept).sum());
        long docs = manifest.splits().values().stream()
                .mapToLong(Manifest.SplitStats::documents)
                .sum();
        assertEquals(all.kept(), docs, "every kept document is in one split");
        assertEquals(
                docs, spark.read().parquet(out.resolve("documents").toString()).count());
        for (Manifest.SplitStats s : manifest.splits().values()) {
            assertEquals(s.rows() * (SEQ_LEN + 1), s.tokens());
            assertEquals(s.documentTokens(), s.tokens() + s.remainderTokens(), "packed + left over = documents");
            assertEquals(
                    s.rows(),
                    s.files().stream().mapToLong(Manifest.ShardFile::rows).sum());
        }
        assertEquals("r50k_base", manifest.tokenizer().name());
        assertEquals(50257, manifest.tokenizer().vocabSize());
        assertEquals(50304, manifest.tokenizer().paddedVocabSize());
        assertEquals(50256, manifest.tokenizer().eosId());
        assertEquals("int32", manifest.dtype());
        assertTrue(manifest.codeVersion().startsWith("lws-spark "), manifest.codeVersion());
    }

    @Test
    void englishWikipediaDocumentsHaveNoMarkupLeft() {
        List<Row> docs = spark.read()
                .parquet(out.resolve("documents").toString())
                .where("source = 'wiki'")
                .collectAsList();
        Set<String> titles = docs.stream().map(r -> r.<String>getAs("title")).collect(Collectors.toSet());
        assertTrue(
                titles.containsAll(List.of(
                        "Anarchism",
                        "Computer accessibility",
                        "Accessibility",
                        "Economy of Estonia",
                        "Brahui language")),
                titles.toString());
        Pattern entity = Pattern.compile("&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);");
        for (Row r : docs) {
            String text = r.getAs("text");
            for (String bad : List.of("{{", "}}", "[[", "]]", "<ref", "{|", "|}")) {
                assertFalse(text.contains(bad), bad + " left in " + r.getAs("title"));
            }
            assertFalse(entity.matcher(text).find(), "HTML entity left in " + r.getAs("title"));
            assertEquals("en", r.getAs("lang"));
            assertTrue(r.<Integer>getAs("n_tokens") > 0);
        }
        assertEquals(
                List.of("doc_id", "source", "title", "url", "lang", "text", "n_tokens"),
                List.of(spark.read()
                        .parquet(out.resolve("documents").toString())
                        .columns()));
    }

    /** Rows of exactly seq_len + 1 int32 ids below the vocabulary, that decode back to the documents' text. */
    @Test
    void rowsAreExactDecodeToTheDocumentsAndNoDocumentIsInBothSplits() {
        Tokenizer tok = Tokenizers.get("r50k_base", "", 64);
        Set<String> documents =
                spark.read().parquet(out.resolve("documents").toString()).select("text").collectAsList().stream()
                        .map(r -> r.getString(0))
                        .collect(Collectors.toSet());
        Map<String, Set<String>> decodedBySplit = new HashMap<>();
        for (String split : List.of("train", "val")) {
            Set<String> decoded = new HashSet<>();
            decodedBySplit.put(split, decoded);
            Manifest.SplitStats s = manifest.splits().get(split);
            assertTrue(s.rows() > 0, split + " has rows");
            for (Manifest.ShardFile f : s.files()) {
                var df = spark.read().parquet(out.resolve(f.path()).toString());
                assertEquals(
                        "array<int>", df.schema().apply("input_ids").dataType().simpleString());
                List<Integer> stream = new ArrayList<>();
                for (Row r : df.collectAsList()) {
                    List<Integer> ids = r.getList(0);
                    assertEquals(SEQ_LEN + 1, ids.size());
                    for (int id : ids) assertTrue(id >= 0 && id < 50257);
                    stream.addAll(ids);
                }
                // Every EOS-terminated segment of a file is one whole document (files start at a document).
                int startOfDoc = 0;
                for (int i = 0; i < stream.size(); i++) {
                    if (stream.get(i) == 50256) {
                        int[] ids = stream.subList(startOfDoc, i).stream()
                                .mapToInt(Integer::intValue)
                                .toArray();
                        String text = tok.decode(ids);
                        assertTrue(
                                documents.contains(text),
                                "decoded row text is a document: " + text.substring(0, Math.min(80, text.length())));
                        decoded.add(text);
                        startOfDoc = i + 1;
                    }
                }
            }
        }
        Set<String> both = new TreeSet<>(decodedBySplit.get("train"));
        both.retainAll(decodedBySplit.get("val"));
        assertTrue(both.isEmpty(), "no document in both splits");
        int files = manifest.splits().values().stream()
                .mapToInt(s -> s.files().size())
                .sum();
        assertTrue(
                decodedBySplit.get("train").size() + decodedBySplit.get("val").size() >= documents.size() - files,
                "every document decoded whole but at most the last of each file (cut with the packing tail)");
    }

    /** The whole fixture output passes the guard (what it refuses: ShardGuardTest, on tampered copies). */
    @Test
    void guardAcceptsTheOutput() {
        Manifest m = ShardGuard.check(out);
        assertEquals(
                manifest.splits().get("train").rows(), m.splits().get("train").rows());
    }

    /** zstd whatever the session's default codec (the tests' session keeps Spark's snappy). */
    @Test
    void everyFileIsZstd() throws Exception {
        assertEquals("snappy", spark.conf().get("spark.sql.parquet.compression.codec"));
        List<String> files = new ArrayList<>(manifest.auxFiles());
        manifest.splits().values().forEach(s -> s.files().forEach(f -> files.add(f.path())));
        for (String f : files) {
            var path = new org.apache.hadoop.fs.Path(out.resolve(f).toUri());
            try (var r = org.apache.parquet.hadoop.ParquetFileReader.open(
                    org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(
                            path, new org.apache.hadoop.conf.Configuration()))) {
                r.getFooter()
                        .getBlocks()
                        .forEach(b -> b.getColumns()
                                .forEach(c -> assertEquals(
                                        org.apache.parquet.hadoop.metadata.CompressionCodecName.ZSTD,
                                        c.getCodec(),
                                        f)));
            }
        }
    }

    @Test
    void reRunDoesNoWorkAndAddingAnInputProcessesOnlyIt() throws Exception {
        Path o = copyOutput("incremental");
        String before = Files.readString(o.resolve("manifest.json"));
        Set<Path> filesBefore = tree(o);
        SparkTestSupport.Run again = SparkTestSupport.prep(
                "--input",
                Fixtures.get("wiki").toString(),
                "--input",
                Fixtures.get("warc").toString(),
                "--output",
                o.toString(),
                "--conf",
                conf.toString(),
                "--seq-len",
                String.valueOf(SEQ_LEN));
        again.assertDone("prep");
        assertFalse(again.result().didWork());
        assertTrue(again.out().contains("nothing to do"));
        assertEquals(before, Files.readString(o.resolve("manifest.json")), "manifest untouched");
        assertEquals(filesBefore, tree(o), "no file written");

        Path jsonl = newCorpus("added.jsonl", someDocumentText());
        SparkTestSupport.Run added = SparkTestSupport.prep(
                "--input",
                Fixtures.get("wiki").toString(),
                "--input",
                Fixtures.get("warc").toString(),
                "--input",
                jsonl.toString(),
                "--output",
                o.toString(),
                "--conf",
                conf.toString(),
                "--seq-len",
                String.valueOf(SEQ_LEN));
        added.assertDone("prep");
        assertEquals(1, added.result().processed().size(), "only the new input is read");
        assertTrue(added.result().processed().get(0).path().endsWith("added.jsonl"));
        Manifest m = added.result().manifest();
        assertEquals(2, m.runs().size());
        assertEquals(5, m.runs().get(1).read(), "the new file's 5 lines, nothing else");
        Manifest.Counts jsonlCounts = m.sources().get("jsonl");
        assertEquals(5, jsonlCounts.read());
        assertEquals(2, jsonlCounts.kept());
        assertEquals(
                Map.of(
                        DropReason.EXACT_DUPLICATE,
                        1L,
                        DropReason.NEAR_DUPLICATE,
                        1L,
                        DropReason.READ_ERROR_MALFORMED_JSON,
                        1L),
                jsonlCounts.droppedByReason(),
                "copies of an earlier run's document are duplicates, exact and near");
        assertEquals(manifest.documents().read() + 5, m.documents().read());
        assertEquals(manifest.documents().kept() + 2, m.documents().kept());
        ShardGuard.check(o);
    }

    /** A run that fails (an injected exception, no kill) before or during its commit; the real kill is below. */
    @Test
    void aRunThatFailsBeforeOrDuringItsCommitLeavesNoVisibleOutput() throws Exception {
        Path o = copyOutput("failed");
        String before = Files.readString(o.resolve("manifest.json"));
        Set<Path> filesBefore = tree(o);
        Path jsonl = newCorpus("late.jsonl", "unused");
        for (String point : List.of("before-commit", "during-commit")) {
            System.setProperty("lws.prep.failAt", point);
            try {
                SparkTestSupport.Run failed = SparkTestSupport.prep(
                        "--input",
                        jsonl.toString(),
                        "--output",
                        o.toString(),
                        "--conf",
                        conf.toString(),
                        "--seq-len",
                        String.valueOf(SEQ_LEN));
                assertInstanceOf(PrepFailedException.class, failed.failure(), point);
            } finally {
                System.clearProperty("lws.prep.failAt");
            }
            assertEquals(before, Files.readString(o.resolve("manifest.json")), point);
            assertEquals(filesBefore, tree(o), "no partial output visible after a failure " + point);
            ShardGuard.check(o);
        }
        // A fresh output directory: nothing at all becomes visible.
        Path fresh = tmp.resolve("fresh-failed");
        System.setProperty("lws.prep.failAt", "before-commit");
        try {
            assertInstanceOf(
                    PrepFailedException.class,
                    SparkTestSupport.prep(
                                    "--input",
                                    jsonl.toString(),
                                    "--output",
                                    fresh.toString(),
                                    "--conf",
                                    conf.toString())
                            .failure());
        } finally {
            System.clearProperty("lws.prep.failAt");
        }
        assertFalse(Files.exists(fresh.resolve("manifest.json")));
        assertFalse(Files.exists(fresh.resolve("train")));
        // And the interrupted input is processed by the next run.
        SparkTestSupport.Run next = SparkTestSupport.prep(
                "--input",
                jsonl.toString(),
                "--output",
                o.toString(),
                "--conf",
                conf.toString(),
                "--seq-len",
                String.valueOf(SEQ_LEN));
        next.assertDone("prep");
        assertTrue(next.result().didWork());
    }

    /** A real kill: a separate JVM running prep gets SIGKILL in the middle of its run. */
    @Test
    void aProcessKilledMidRunLeavesNothingVisibleAndTheNextRunCleansUp() throws Exception {
        Path o = tmp.resolve("sigkill");
        String root = System.getProperty(
                "lws.root", Path.of("").toAbsolutePath().getParent().toString());
        String flags = Files.readAllLines(Path.of(root, "conf/jvm.properties")).stream()
                .filter(l -> l.startsWith("lws.jvm.flags="))
                .findFirst()
                .orElseThrow()
                .substring(14);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(flags.split(" ")));
        cmd.addAll(List.of(
                "-Xmx2g",
                "-cp",
                System.getProperty("java.class.path"),
                SparkTestSupport.class.getName(),
                "--master",
                "local[1]",
                "--input",
                Fixtures.get("wiki").toString(),
                "--output",
                o.toString(),
                "--conf",
                conf.toString(),
                "--seq-len",
                String.valueOf(SEQ_LEN)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        StringBuilder seen = new StringBuilder();
        try (var r =
                new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            long deadline = System.nanoTime() + 180_000_000_000L;
            while ((line = r.readLine()) != null && System.nanoTime() < deadline) {
                seen.append(line).append('\n');
                // documents/ and dedup-index/ are written (in staging), train/ is being written: mid-run
                if (line.startsWith("[prep] pack and write train")) break;
            }
            assertTrue(seen.toString().contains("[prep] pack and write train"), seen.toString());
            p.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no cleanup of its own
        }
        assertFalse(Files.exists(o.resolve("manifest.json")));
        assertFalse(Files.exists(o.resolve("train")), "no shard visible");
        try (Stream<Path> s = Files.list(o)) {
            List<String> left = s.map(f -> f.getFileName().toString()).collect(Collectors.toList());
            assertFalse(left.isEmpty(), "the killed run had staged its documents");
            assertTrue(left.stream().allMatch(n -> n.startsWith("_tmp-")), "only hidden staging left: " + left);
        }
        SparkTestSupport.Run next = SparkTestSupport.prep(
                "--input",
                Fixtures.get("wiki").toString(),
                "--output",
                o.toString(),
                "--conf",
                conf.toString(),
                "--seq-len",
                String.valueOf(SEQ_LEN));
        next.assertDone("prep");
        assertTrue(next.out().contains("removed the leftovers of an interrupted run"));
        try (Stream<Path> s = Files.list(o)) {
            assertFalse(s.anyMatch(f -> f.getFileName().toString().startsWith("_tmp-")));
        }
        ShardGuard.check(o);
    }

    @Test
    void strictMakesDamagedInputFatalWithFileAndOffset() {
        Exception failure = SparkTestSupport.prep(
                        "--input",
                        Fixtures.get("warc/resiliparse-clipped.warc.gz").toString(),
                        "--output",
                        tmp.resolve("strict").toString(),
                        "--conf",
                        conf.toString(),
                        "--strict")
                .failure();
        assertInstanceOf(PrepFailedException.class, failure);
        String msg = failure.getMessage();
        assertTrue(msg.contains("--strict") && msg.contains("resiliparse-clipped.warc.gz at offset 0"), msg);
        assertFalse(Files.exists(tmp.resolve("strict/manifest.json")));
    }

    @Test
    void withLanguageFilterOffTheBulgarianUtf16DumpBecomesADocument() throws Exception {
        Path c = tmp.resolve("all-languages.conf");
        Files.writeString(c, "lws.prep { val-fraction = 0.0, progress-seconds = 0, filter.language.keep = [] }\n");
        Path o = tmp.resolve("all-languages");
        SparkTestSupport.Run r = SparkTestSupport.prep(
                "--input",
                Fixtures.get("wiki/gensim-bgwiki-latest-pages-articles-shortened.xml.bz2")
                        .toString(),
                "--input",
                Fixtures.get("wiki/dbpedia-minidumps/ruwiki.xml.bz2").toString(),
                "--output",
                o.toString(),
                "--conf",
                c.toString(),
                "--tokenizer",
                "bytes",
                "--seq-len",
                "128");
        r.assertDone("prep");
        List<Row> docs = spark.read().parquet(o.resolve("documents").toString()).collectAsList();
        Map<String, String> langByTitle =
                docs.stream().collect(Collectors.toMap(d -> d.getAs("title"), d -> d.getAs("lang")));
        assertEquals("bg", langByTitle.get("Григориански календар"), langByTitle.toString());
        assertEquals("ru", langByTitle.get("Берлин"));
        Manifest m = ShardGuard.check(o);
        assertEquals("bytes", m.tokenizer().name());
        assertEquals(257, m.tokenizer().vocabSize());
        assertEquals(320, m.tokenizer().paddedVocabSize());
    }

    // --- helpers ---

    /**
     * A small corpus at the shipped val-fraction (0.005) would have no validation document by hash alone: it gets
     * val-min-documents (2), but never more than a tenth of its documents; a later run adds none.
     */
    @Test
    void aSmallCorpusStillGetsValidationDocuments() throws Exception {
        var om = Json.ONE_LINE;
        StringBuilder docs = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            docs.append(om.writeValueAsString(
                            Map.of("text", ("Document number " + i + " tells its own story. ").repeat(10 + i))))
                    .append('\n');
        }
        Path corpus = tmp.resolve("small.jsonl");
        Files.writeString(corpus, docs);
        Path small = SparkTestSupport.testConf(
                Files.createDirectories(tmp.resolve("small-conf")),
                "val-fraction = 0.005, "
                        + "filter { min-chars = 1, language.keep = [], quality.enabled = false, dedup { exact = false, "
                        + "near = false } }");
        Path o = tmp.resolve("small-out");
        SparkTestSupport.Run r = SparkTestSupport.prep(
                "--input",
                corpus.toString(),
                "--output",
                o.toString(),
                "--conf",
                small.toString(),
                "--seq-len",
                "16",
                "--tokenizer",
                "bytes");
        r.assertDone("prep");
        Manifest m = r.result().manifest();
        assertEquals(2, m.splits().get(OutputLayout.VAL).documents(), "two documents moved to validation");
        assertEquals(23, m.splits().get(OutputLayout.TRAIN).documents());
        assertTrue(r.out().contains("2 more moved to it"), r.out());

        Path more = tmp.resolve("more.jsonl");
        Files.writeString(
                more, om.writeValueAsString(Map.of("text", "One more document, added later. ".repeat(20))) + "\n");
        SparkTestSupport.Run again = SparkTestSupport.prep(
                "--input",
                corpus.toString(),
                "--input",
                more.toString(),
                "--output",
                o.toString(),
                "--conf",
                small.toString(),
                "--seq-len",
                "16",
                "--tokenizer",
                "bytes");
        again.assertDone("prep");
        assertEquals(2, again.result().manifest().splits().get(OutputLayout.VAL).documents(), "the minimum is met");

        Path three = tmp.resolve("three.jsonl");
        Files.writeString(
                three, docs.toString().lines().limit(3).map(l -> l + "\n").collect(Collectors.joining()));
        SparkTestSupport.Run tiny = SparkTestSupport.prep(
                "--input",
                three.toString(),
                "--output",
                tmp.resolve("three-out").toString(),
                "--conf",
                small.toString(),
                "--seq-len",
                "16",
                "--tokenizer",
                "bytes");
        tiny.assertDone("prep");
        assertEquals(
                0,
                tiny.result().manifest().splits().get(OutputLayout.VAL).documents(),
                "three documents are too few to give any of them up");
    }

    /** A 0-byte input is named, counted once as empty_input and listed; alone, it still makes a valid output. */
    @Test
    void anEmptyInputIsNamedAndCounted() throws Exception {
        Path empty = Files.createFile(tmp.resolve("truncated-upload.jsonl"));
        Path o = tmp.resolve("empty-out");
        SparkTestSupport.Run alone = SparkTestSupport.prep(
                "--input",
                empty.toString(),
                "--output",
                o.toString(),
                "--conf",
                conf.toString(),
                "--seq-len",
                String.valueOf(SEQ_LEN));
        alone.assertDone("prep of an empty input");
        assertTrue(alone.out().contains("WARN empty_input: file:" + empty + " is empty (0 bytes)"), alone.out());
        Manifest m = alone.result().manifest();
        assertEquals(
                Map.of(DropReason.EMPTY_INPUT, 1L), m.sources().get("jsonl").droppedByReason());
        assertEquals(List.of("file:" + empty + " at offset 0: the file is empty (0 bytes)"), m.readErrors());
        assertEquals(1, m.inputs().size());
        assertEquals(0, m.splits().get(OutputLayout.TRAIN).rows());
        ShardGuard.check(o);

        Path more = newCorpus("after-empty.jsonl", "unused");
        SparkTestSupport.Run next = SparkTestSupport.prep(
                "--input",
                empty.toString(),
                "--input",
                more.toString(),
                "--output",
                o.toString(),
                "--conf",
                conf.toString(),
                "--seq-len",
                String.valueOf(SEQ_LEN));
        next.assertDone("prep");
        assertEquals(1, next.result().processed().size(), "the empty input is not read again");
        assertEquals(1L, next.result().manifest().documents().droppedByReason().get(DropReason.EMPTY_INPUT));
    }

    private static String someDocumentText() {
        return spark.read()
                .parquet(out.resolve("documents").toString())
                .where("source = 'warc'")
                .orderBy("doc_id")
                .select("text")
                .first()
                .getString(0);
    }

    /**
     * A JSONL corpus: two new English documents, a copy of {@code duplicate}, a near copy of it (one word added, one
     * punctuation mark changed) and a malformed line.
     */
    private static Path newCorpus(String name, String duplicate) throws IOException {
        var om = Json.ONE_LINE;
        String a = "Lighthouses were built along the northern coast during the nineteenth century, when trade by "
                + "sea grew quickly and ships needed safe passage at night. Each tower had a keeper who lived "
                + "with his family in a small house beside it. The keeper trimmed the wick, polished the lens and "
                + "wrote the weather in a log book every evening.\n\nMost of the towers are automatic today. Some "
                + "of the old houses have become museums, and visitors can climb the stairs to see the lamp room. "
                + "The log books are kept in the town library, where historians read them to learn about storms "
                + "and wrecks that were never reported in the newspapers of the time.";
        String b = "The village bakery opens before dawn, and the smell of bread reaches the square long before the "
                + "first customers arrive. The baker learned the trade from her grandmother, who kept the recipes "
                + "in a notebook that is still on the shelf above the oven. Rye loaves sell best in winter, while "
                + "in summer people ask for light rolls and fruit cakes.\n\nOn market days she bakes twice as much, "
                + "and her son drives a van to the neighbouring towns. Everything is sold by noon, and the shop "
                + "closes early so that the family can rest before the next morning begins again at four.";
        Path p = tmp.resolve(name);
        Files.writeString(
                p,
                om.writeValueAsString(Map.of("text", a, "title", "Lighthouses")) + "\n"
                        + om.writeValueAsString(Map.of("text", b, "url", "https://example.org/bakery")) + "\n"
                        + om.writeValueAsString(Map.of("text", duplicate)) + "\n"
                        + om.writeValueAsString(Map.of("text", "Indeed, " + duplicate.replaceFirst("\\.", ";"))) + "\n"
                        + "{\"text\": \"not closed\n");
        return p;
    }

    private static Path copyOutput(String name) throws IOException {
        return PrepOutputs.copy(out, tmp.resolve("copy-" + name));
    }

    /** The visible files of an output directory (hidden checksum files and staging directories excluded). */
    private static Set<Path> tree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .map(dir::relativize)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
