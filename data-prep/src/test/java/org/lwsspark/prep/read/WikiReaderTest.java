package org.lwsspark.prep.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwsspark.prep.Fixtures;
import org.lwsspark.prep.config.PrepConfig;
import org.lwsspark.prep.doc.Doc;
import org.lwsspark.prep.doc.DropReason;

/** MediaWiki dumps through the same InputFormat Spark uses, split by split (no Spark needed to test it). */
class WikiReaderTest {
    private static PrepConfig cfg;

    @BeforeAll
    static void config() {
        cfg = PrepConfig.load(null);
    }

    private static Map<String, Long> reasons(List<Doc> docs) {
        return docs.stream()
                .collect(Collectors.groupingBy(
                        d -> d.kept() ? "kept" : d.dropReason(), TreeMap::new, Collectors.counting()));
    }

    private static List<Doc> read(String fixture) throws Exception {
        return WikiReadHelper.docs(Fixtures.get(fixture), 1L << 26, cfg);
    }

    @Test
    void afarDumpYieldsOnlyItsNamespaceZeroNonRedirectWikitextPage() throws Exception {
        List<Doc> docs = read("wiki/jwpl-aawiki-20260101-pages-meta-current.xml.bz2");
        assertEquals(507, docs.size(), "every page of the export-0.11 dump is read");
        // 2 pages in ns 0: "Main Page" (wikitext) and "Main page" (a redirect to it); 505 in other namespaces.
        assertEquals(Map.of("kept", 1L, DropReason.NAMESPACE, 505L, DropReason.REDIRECT, 1L), reasons(docs));
        Doc kept = docs.stream().filter(Doc::kept).findFirst().orElseThrow();
        assertEquals("Main Page", kept.title());
    }

    @Test
    void wikidataPagesAreNotWikitextAndTheEmptyDumpHasNoPages() throws Exception {
        List<Doc> wikidata = read("wiki/dbpedia-minidumps/wikidatawiki.xml.bz2");
        assertEquals(47, wikidata.size());
        assertEquals(0, wikidata.stream().filter(Doc::kept).count(), "Wikibase JSON never becomes text");
        assertTrue(reasons(wikidata).containsKey(DropReason.CONTENT_MODEL));
        assertEquals(0, read("wiki/dbpedia-minidumps/wikidata.orgwiki.xml.bz2").size());
    }

    @Test
    void utf16DumpWithByteOrderMarkDecodes() throws Exception {
        List<Doc> docs = read("wiki/gensim-bgwiki-latest-pages-articles-shortened.xml.bz2");
        Doc article = docs.stream().filter(Doc::kept).findFirst().orElseThrow();
        assertEquals("Григориански календар", article.title());
        assertTrue(article.text().contains("календар"), "Cyrillic text decoded from UTF-16LE");
        assertFalse(article.text().contains("\uFFFD"));
    }

    @Test
    void export09WithModelAfterTextAndRedirects() throws Exception {
        List<Doc> docs = read("wiki/wikipedia2vec-enwiki-pages-articles-sample.xml.bz2");
        assertEquals(Map.of("kept", 2L, DropReason.REDIRECT, 1L), reasons(docs));
        List<Doc> bliki = read("wiki/bliki-enwiki-20150112-pages-articles1.xml.bz2");
        assertEquals(Map.of("kept", 1L, DropReason.REDIRECT, 2L), reasons(bliki));
        assertEquals(
                "Anarchism",
                bliki.stream().filter(Doc::kept).findFirst().orElseThrow().title());
        List<Doc> tables = read("wiki/gensim-enwiki-table-markup.xml.bz2"); // no <siteinfo>
        assertEquals(5, tables.stream().filter(Doc::kept).count());
    }

    @Test
    void siteinfoLanguageIsNotTrustedTheReaderLeavesLanguageOpen() throws Exception {
        for (String f : List.of("dewiki", "ruwiki", "zhwiki", "jawiki")) {
            List<Doc> docs = read("wiki/dbpedia-minidumps/" + f + ".xml.bz2");
            assertTrue(docs.stream().anyMatch(Doc::kept), f);
            docs.forEach(d -> assertNull(d.lang(), "the language comes from the text, later"));
        }
    }

    /** A synthetic dump of many bz2 blocks, read by many splits: every page exactly once. */
    @Test
    void bz2DumpIsSplitAtBlockBoundariesWithEveryPageReadOnce(@TempDir Path tmp) throws Exception {
        Path dump = tmp.resolve("synthetic-pages-articles.xml.bz2");
        int pages = 3000;
        Files.write(dump, bz2(xml(0, pages, true, true), 1));
        long size = Files.size(dump);
        for (int parts : new int[] {5, 12, 29}) {
            WikiReadHelper.Raw raw = WikiReadHelper.raw(dump, size / parts);
            assertTrue(raw.splits() >= parts, "many splits: " + raw.splits());
            List<Doc> docs = WikiReadHelper.docs(dump, size / parts, cfg);
            assertEquals(pages, docs.size(), "every page once with " + raw.splits() + " splits");
            assertEquals(pages, docs.stream().map(Doc::title).distinct().count(), "no page read twice");
        }
    }

    /** The multistream variant: bz2 streams concatenated (a header stream, then one stream per 100 pages). */
    @Test
    void multistreamDumpIsReadWhole(@TempDir Path tmp) throws Exception {
        Path dump = tmp.resolve("synthetic-multistream.xml.bz2");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        String full = xml(0, 1000, true, true);
        int headerEnd = full.indexOf("<page>");
        all.write(bz2(full.substring(0, headerEnd), 9));
        List<String> pages = new ArrayList<>();
        int i = headerEnd;
        while (true) {
            int end = full.indexOf("</page>", i);
            if (end < 0) break;
            pages.add(full.substring(i, end + 7));
            i = end + 7;
        }
        for (int s = 0; s < pages.size(); s += 100) {
            all.write(bz2(String.join("", pages.subList(s, Math.min(pages.size(), s + 100))), 9));
        }
        all.write(bz2(full.substring(i), 9));
        Files.write(dump, all.toByteArray());
        List<Doc> docs = WikiReadHelper.docs(dump, Files.size(dump) / 6, cfg);
        assertEquals(1000, docs.stream().map(Doc::title).distinct().count());
        assertEquals(1000, docs.size());
    }

    /** A corrupt bz2 block is reported with file and offset, and the pages of the other blocks are kept. */
    @Test
    void corruptBz2BlockIsCountedAndTheRestKept(@TempDir Path tmp) throws Exception {
        Path dump = tmp.resolve("corrupt.xml.bz2");
        byte[] b = bz2(xml(0, 2000, true, true), 1);
        for (int k = 0; k < 64; k++) b[b.length / 2 + k] ^= 0x5a;
        Files.write(dump, b);
        List<Doc> docs = WikiReadHelper.docs(dump, b.length / 4, cfg);
        List<Doc> errors = docs.stream()
                .filter(d -> DropReason.READ_ERROR_CORRUPT_BZ2.equals(d.dropReason()))
                .collect(Collectors.toList());
        assertFalse(errors.isEmpty(), "the damage is reported");
        assertTrue(errors.get(0).detail().contains(dump.getFileName().toString()));
        assertTrue(errors.get(0).detail().contains("offset"));
        long kept = docs.stream().filter(Doc::kept).count();
        assertTrue(kept > 1500 && kept < 2000, "pages outside the corrupt block survive: " + kept);
    }

    @Test
    void malformedPageXmlIsCountedNotFatal(@TempDir Path tmp) throws Exception {
        Path dump = tmp.resolve("malformed.xml");
        String x = xml(0, 3, false, true).replaceFirst("<title>Page 1</title>", "<title>Page 1 & <b</title>");
        Files.writeString(dump, x);
        Map<String, Long> r = reasons(WikiReadHelper.docs(dump, 1 << 20, cfg));
        assertEquals(Map.of("kept", 2L, DropReason.READ_ERROR_MALFORMED_XML, 1L), r);
    }

    /**
     * A file that is not XML where a dump is expected (an HTML error page saved under a dump's name, plain or bz2;
     * a text file) is one read error at offset 0 that says what it starts with, not an empty page or nothing.
     */
    @Test
    void aFileThatIsNotADumpIsOneReadErrorAtOffsetZero(@TempDir Path tmp) throws Exception {
        String html = "<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1>"
                + "<p>The requested URL was not found on this server.</p></body></html>\n";
        Path page = tmp.resolve("enwiki-latest-pages-articles.xml.bz2");
        try (var out = new BZip2CompressorOutputStream(Files.newOutputStream(page))) {
            out.write(html.getBytes(StandardCharsets.UTF_8));
        }
        Path text = Files.writeString(tmp.resolve("dump.xml"), "Title\tText\nPage 1\tNot XML at all </page>\n");
        Path empty = tmp.resolve("nothing.xml.bz2");
        new BZip2CompressorOutputStream(Files.newOutputStream(empty)).close();
        for (Path file : List.of(page, text, empty)) {
            List<Doc> docs = WikiReadHelper.docs(file, 1 << 20, cfg);
            assertEquals(1, docs.size(), file + ": " + docs);
            Doc error = docs.get(0);
            assertEquals(DropReason.READ_ERROR_NOT_XML, error.dropReason());
            assertTrue(
                    error.detail()
                            .contains(file.getFileName() + " at offset 0: not a MediaWiki XML dump: it "
                                    + "starts with "),
                    error.detail());
        }
        assertTrue(WikiReadHelper.docs(page, 1 << 20, cfg)
                .get(0)
                .detail()
                .endsWith("it starts with \"<!DOCTYPE html> <html><head><title>404 N\""));
        assertTrue(WikiReadHelper.docs(empty, 1 << 20, cfg).get(0).detail().endsWith("nothing: it has no content"));
    }

    /** A dump of {@code n} English-like pages with a siteinfo header, schema 0.11. */
    static String xml(int from, int n, boolean siteinfo, boolean modelFirst) {
        Random rnd = new Random(from * 31L + n);
        String[] words = ("the of and to in a is that for it as was with be by on not he this are or his from at "
                        + "which but have an they you were her she there one all we can been has their more when will "
                        + "would who so no history city river music science language people world system group")
                .split(" ");
        StringBuilder sb = new StringBuilder("<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.11/\" "
                + "version=\"0.11\" xml:lang=\"en\">\n");
        if (siteinfo) sb.append("  <siteinfo>\n    <sitename>Wikipedia</sitename>\n  </siteinfo>\n");
        for (int i = from; i < from + n; i++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 150; w++)
                text.append(words[rnd.nextInt(words.length)]).append(w % 12 == 11 ? ". " : " ");
            sb.append("  <page>\n    <title>Page ")
                    .append(i)
                    .append("</title>\n    <ns>0</ns>\n    <id>")
                    .append(i)
                    .append("</id>\n    <revision>\n      <id>")
                    .append(i)
                    .append("</id>\n");
            if (modelFirst) sb.append("      <model>wikitext</model>\n      <format>text/x-wiki</format>\n");
            sb.append("      <text xml:space=\"preserve\">")
                    .append(text)
                    .append("</text>\n    </revision>\n  </page>\n");
        }
        return sb.append("</mediawiki>\n").toString();
    }

    static byte[] bz2(String s, int blockSize100k) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new BZip2CompressorOutputStream(out, blockSize100k)) {
            z.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
