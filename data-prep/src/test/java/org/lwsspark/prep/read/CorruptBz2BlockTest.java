package org.lwsspark.prep.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lwsspark.prep.Fixtures;
import org.lwsspark.prep.config.PrepConfig;
import org.lwsspark.prep.doc.Doc;
import org.lwsspark.prep.doc.DropReason;

/**
 * A real dump (the whole Afar Wikipedia, 507 pages) recompressed into ten bz2 blocks of 100 kB, one of them damaged:
 * that block costs the pages with a byte in it, nothing else, whatever the split size. The blocks' contents come from
 * an independent decoder (commons-compress, one block at a time), not from the reader under test.
 */
class CorruptBz2BlockTest {
    private static final Pattern TITLE = Pattern.compile("<title>([^<]*)</title>");
    private static PrepConfig cfg;

    @TempDir
    static Path tmp;

    private static Dump dump;

    @BeforeAll
    static void config() {
        cfg = PrepConfig.load(null);
    }

    /**
     * The first, a middle and the last block, damaged three ways that Hadoop's decoder meets differently: "mid", 64
     * bytes flipped mid-block (garbage out of the Huffman decoding, then a failed CRC check at the block end, or an
     * exception); "head", 64 bytes flipped after the block header (an exception as the previous block ends); "crc",
     * one bit of the stored block CRC (the right text comes out, then the check fails: the pages must still go).
     */
    @ParameterizedTest(name = "block {0} at {1}, split size 1/{2} of the file")
    @CsvSource({
        "5,mid,1",
        "5,mid,3",
        "5,mid,7",
        "5,mid,20",
        "5,head,1",
        "5,head,3",
        "5,head,7",
        "5,head,20",
        "5,crc,1",
        "5,crc,7",
        "5,crc,20",
        "0,mid,1",
        "0,mid,7",
        "0,head,1",
        "0,head,7",
        "0,crc,1",
        "9,mid,1",
        "9,mid,7",
        "9,head,1",
        "9,head,7",
        "9,crc,1",
        "9,crc,20"
    })
    void corruptBlockCostsOnlyThePagesThatTouchIt(int bad, String where, int parts) throws Exception {
        Dump d = dump();
        byte[] corrupt = d.bz2.clone();
        if (where.equals("crc")) {
            long bit = d.blocks.bits.get(bad) + 48 + 7; // in the stored CRC, after the 48-bit magic
            corrupt[(int) (bit / 8)] ^= (byte) (0x80 >>> (bit % 8));
        } else {
            long mid = where.equals("mid")
                    ? (d.blocks.startByte(bad) + d.blocks.startByte(bad + 1)) / 2
                    : d.blocks.startByte(bad) + 60;
            for (int i = 0; i < 64; i++) corrupt[(int) mid - 32 + i] ^= 0x5a;
        }
        Path file = tmp.resolve("aawiki-corrupt-block-" + bad + where + parts + ".xml.bz2");
        Files.write(file, corrupt);

        WikiReadHelper.Raw raw = WikiReadHelper.raw(file, corrupt.length / parts + 1);
        List<String> titles = new ArrayList<>();
        List<Doc> errors = new ArrayList<>();
        for (int i = 0; i < raw.values().size(); i++) {
            String v = raw.values().get(i);
            if (v.startsWith(WikiPageRecordReader.ERROR_MARK)) {
                errors.add(
                        WikiPageParser.fromRecord(file.toString(), raw.offsets().get(i), v, cfg.read()));
            } else {
                titles.add(title(v));
            }
        }
        List<String> expected = d.titlesOutside(d.dataStart(bad), d.dataStart(bad + 1));
        List<String> missing = new ArrayList<>(expected);
        missing.removeAll(titles);
        List<String> extra = new ArrayList<>(titles);
        extra.removeAll(expected);
        assertEquals(List.of(), missing, "pages outside the corrupt block that were not read");
        assertEquals(List.of(), extra, "pages read that are not outside the corrupt block");
        assertEquals(titles.size(), new HashSet<>(titles).size(), "no page read twice");
        assertEquals(expected, titles, "every page outside the corrupt block, in order");
        assertEquals(1, errors.size(), "one error for one corrupt block");
        Doc error = errors.get(0);
        assertEquals(DropReason.READ_ERROR_CORRUPT_BZ2, error.dropReason());
        assertTrue(error.detail().contains(file.toString()), error.detail());
        long at = Long.parseLong(error.detail().replaceAll("(?s).* at offset (\\d+):.*", "$1"));
        assertTrue(
                at >= d.blocks.startByte(bad) && at <= d.blocks.startByte(bad + 1),
                "offset " + at + " within the corrupt block");
    }

    @Test
    void intactDumpIsReadWholeWithAnySplitSize() throws Exception {
        Dump d = dump();
        for (int parts : new int[] {1, 3, 7, 20}) {
            WikiReadHelper.Raw raw = WikiReadHelper.raw(d.file, d.bz2.length / parts + 1);
            assertEquals(
                    d.titles,
                    raw.values().stream().map(CorruptBz2BlockTest::title).toList(),
                    parts + " parts");
        }
    }

    private static String title(String page) {
        Matcher m = TITLE.matcher(page);
        return m.find() ? m.group(1) : "(no title)";
    }

    /** The fixture decompressed and recompressed at 100 kB blocks, with its pages' byte ranges and titles. */
    private record Dump(
            Path file,
            byte[] bz2,
            Bz2Blocks blocks,
            long[] blockData,
            List<Long> pageStarts,
            List<Long> pageEnds,
            List<String> titles) {
        long dataStart(int block) {
            return blockData[block];
        }

        /** Titles of the pages that lie wholly outside the decompressed bytes [from, to). */
        List<String> titlesOutside(long from, long to) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < titles.size(); i++) {
                if (pageEnds.get(i) <= from || pageStarts.get(i) >= to) out.add(titles.get(i));
            }
            return out;
        }
    }

    private static Dump dump() throws Exception {
        if (dump != null) return dump;
        byte[] xml;
        try (InputStream in = new BZip2CompressorInputStream(
                Files.newInputStream(Fixtures.get("wiki/jwpl-aawiki-20260101-pages-meta-current.xml.bz2")))) {
            xml = in.readAllBytes();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new BZip2CompressorOutputStream(out, 1)) {
            z.write(xml);
        }
        byte[] bz2 = out.toByteArray();
        Bz2Blocks blocks = new Bz2Blocks(bz2);
        assertTrue(blocks.count() >= 5, "a multi-block dump: " + blocks.count() + " blocks");
        long[] blockData = new long[blocks.count() + 1];
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int k = 0; k < blocks.count(); k++) {
            byte[] b = blocks.decode(k);
            joined.write(b);
            blockData[k + 1] = blockData[k] + b.length;
        }
        assertTrue(Arrays.equals(xml, joined.toByteArray()), "the blocks decoded one by one are the dump");
        String text = new String(xml, StandardCharsets.ISO_8859_1); // one char per byte: indexes are byte offsets
        List<Long> starts = new ArrayList<>();
        List<Long> ends = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (int at = text.indexOf("<page>"); at >= 0; at = text.indexOf("<page>", at + 1)) {
            int end = text.indexOf("</page>", at) + "</page>".length();
            starts.add((long) at);
            ends.add((long) end);
            titles.add(title(new String(xml, at, end - at, StandardCharsets.UTF_8)));
        }
        assertEquals(507, titles.size(), "the Afar dump's pages");
        Path file = tmp.resolve("aawiki-100k-blocks.xml.bz2");
        Files.write(file, bz2);
        dump = new Dump(file, bz2, blocks, blockData, starts, ends, titles);
        return dump;
    }
}
