package org.lwsspark.prep.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.lwsspark.prep.Fixtures;
import org.lwsspark.prep.config.LanguageConfig;
import org.lwsspark.prep.config.PrepConfig;
import org.lwsspark.prep.doc.Doc;
import org.lwsspark.prep.doc.DropReason;
import org.lwsspark.prep.filter.LanguageIdentifier;

/** WARC, WET and WAT files of the fixtures through jwarc, record by record. */
class WarcReaderTest {
    private static final LanguageConfig LANGUAGE = PrepConfig.load(null).language();

    static List<Doc> read(Path p) {
        return WarcFiles.read(p, 64 << 20);
    }

    private static String identify(String text) {
        return LanguageIdentifier.identify(text, LANGUAGE.minProbability(), LANGUAGE.sampleChars());
    }

    private static Map<String, Long> reasons(List<Doc> docs) {
        return docs.stream()
                .collect(Collectors.groupingBy(
                        d -> d.kept() ? "kept" : d.dropReason(), TreeMap::new, Collectors.counting()));
    }

    @Test
    void wetYieldsOneConversionRecordAndItIsNotEnglish() {
        List<Doc> docs = read(Fixtures.get("warc/cc-whirlwind-whirlwind.warc.wet.gz"));
        assertEquals(Map.of("kept", 1L, DropReason.NOT_A_DOCUMENT, 1L), reasons(docs), "warcinfo + 1 conversion");
        Doc d = docs.stream().filter(Doc::kept).findFirst().orElseThrow();
        assertEquals("wet", d.source());
        assertEquals("https://an.wikipedia.org/wiki/Escopete", d.url());
        String lang = identify(d.text());
        assertFalse(lang.equals("en"), "the Aragonese page is not English (header says spa; detected " + lang + ")");
    }

    @Test
    void clippedWarcIsReportedAsTruncatedNotFatal() {
        Path p = Fixtures.get("warc/resiliparse-clipped.warc.gz");
        List<Doc> docs = read(p);
        assertEquals(Map.of(DropReason.READ_ERROR_TRUNCATED_GZIP, 1L), reasons(docs));
        assertTrue(
                docs.get(0).detail().contains(p.toString())
                        && docs.get(0).detail().contains("offset 0"),
                docs.get(0).detail());
    }

    @Test
    void warc017IsRead() {
        List<Doc> docs = read(Fixtures.get("warc/ukwa-IAH-20080430204825-00000-blackbook-truncated.warc.gz"));
        Map<String, Long> r = reasons(docs);
        assertEquals(2L, r.get("kept"), r.toString()); // the two HTML pages of archive.org
        assertEquals(5L, r.get(DropReason.NOT_HTML), "images and robots.txt");
        assertTrue(r.get(DropReason.NOT_A_DOCUMENT) >= 10, "warcinfo, dns:, requests, metadata");
        assertTrue(docs.stream().filter(Doc::kept).anyMatch(d -> d.text().contains("Internet Archive")));
    }

    @Test
    void dolmaWgetCrawlHasEnglishProseAndBracketedUris() {
        List<Doc> docs = read(Fixtures.get("warc/dolma-sample-0000.warc.gz"));
        List<Doc> kept = docs.stream().filter(Doc::kept).collect(Collectors.toList());
        assertEquals(22, kept.size());
        for (Doc d : kept) {
            assertTrue(
                    d.url().startsWith("https://")
                            && !d.url().contains("<")
                            && !d.url().contains(">"),
                    d.url());
            assertEquals("en", identify(d.text()), d.url());
            assertFalse(d.text().contains("<div") || d.text().contains("<script"), "no markup left in " + d.url());
        }
    }

    @Test
    void otherCaptures() {
        assertEquals(Map.of("kept", 1L), reasons(read(Fixtures.get("warc/jwarc-cc.warc.gz"))));
        // warcinfo x2, response, request, revisit
        assertEquals(
                Map.of("kept", 1L, DropReason.NOT_A_DOCUMENT, 5L),
                reasons(read(Fixtures.get("warc/warcio-example.warc.gz"))));
        assertEquals(
                Map.of(DropReason.NOT_A_DOCUMENT, 2L),
                reasons(read(Fixtures.get("warc/cc-whirlwind-whirlwind.warc.wat.gz"))));
        assertEquals(
                Map.of("kept", 1L, DropReason.NOT_A_DOCUMENT, 3L),
                reasons(read(Fixtures.get("warc/cc-whirlwind-whirlwind.warc.gz"))));
    }

    /** A record whose WARC header is garbage: counted as a bad header, and the records after it still read. */
    @Test
    void badWarcHeaderIsCountedAndTheRestKept(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        String all;
        try (InputStream in =
                new java.util.zip.GZIPInputStream(Files.newInputStream(Fixtures.get("warc/warcio-example.warc.gz")))) {
            all = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        String[] records = all.split("(?=WARC/1\\.0\r\n)");
        assertEquals(6, records.length);
        records[1] = records[1].replaceFirst("WARC/1\\.0\r\n", "WARX/9.9 not a header\r\n");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (String r : records) {
            try (var z = new java.util.zip.GZIPOutputStream(out) {
                @Override
                public void close() throws IOException {
                    finish(); // one gzip member per record, all into the same stream
                }
            }) {
                z.write(r.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        Path p = tmp.resolve("bad-header.warc.gz");
        Files.write(p, out.toByteArray());
        Map<String, Long> r = reasons(read(p));
        assertEquals(1L, r.get(DropReason.READ_ERROR_BAD_WARC), r.toString());
        assertEquals(1L, r.get("kept"), "the response after the bad record: " + r);
        assertEquals(4L, r.get(DropReason.NOT_A_DOCUMENT), r.toString());
    }

    /** A bad record in the middle of a gzip-per-record file: counted, and the records after it still read. */
    @Test
    void badRecordInTheMiddleIsSkippedAndReadingResumes(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        byte[] good = Files.readAllBytes(Fixtures.get("warc/dolma-sample-0000.warc.gz"));
        // Corrupt the header of the second member by overwriting its deflate data.
        int second = -1;
        for (int i = 10; i < good.length - 3; i++) {
            if ((good[i] & 0xff) == 0x1f && (good[i + 1] & 0xff) == 0x8b && good[i + 2] == 8) {
                second = i;
                break;
            }
        }
        assertTrue(second > 0);
        byte[] bad = good.clone();
        for (int k = 12; k < 40; k++) bad[second + k] = (byte) 0xff;
        Path p = tmp.resolve("damaged.warc.gz");
        Files.write(p, bad);
        List<Doc> docs = read(p);
        long errors = docs.stream()
                .filter(d -> DropReason.isDamagedInput(d.dropReason()))
                .count();
        assertEquals(1, errors, reasons(docs).toString());
        assertTrue(docs.stream().filter(Doc::kept).count() >= 21, "the rest of the file is kept: " + reasons(docs));
    }
}
