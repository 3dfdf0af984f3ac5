package org.lwsspark.prep.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwsspark.prep.doc.Doc;
import org.lwsspark.prep.doc.DropReason;

/**
 * Crawlers that store a response's payload already decoded but keep the server's {@code Content-Encoding}: such a
 * record is read as the HTML it is; a payload really encoded is decoded; one that is neither is counted as
 * {@code content_encoding_mismatch}, not as damage to the WARC file. Crafted WARC files, one gzip member per record,
 * as Common Crawl writes them.
 */
class ContentEncodingTest {

    private static final String PAGE = "<!DOCTYPE html><html><head><title>Tide tables</title></head><body><p>The tide "
            + "tables for the harbour are published every week by the port authority, and the fishermen of the town "
            + "read them before they go out. The highest tides of the year come in the spring and in the autumn, when "
            + "the moon and the sun pull in the same direction and the water covers the lower quay.</p></body></html>";

    @TempDir
    Path tmp;

    @Test
    void plainPayloadBehindAGzipHeaderIsReadAsHtml() throws IOException {
        List<Doc> docs = WarcFiles.read(warc("plain-behind-gzip.warc.gz", response("gzip", html())), 1 << 20);
        assertEquals(Map.of("kept", 1L), reasons(docs));
        assertTrue(
                docs.get(0).text().contains("The tide tables for the harbour"),
                docs.get(0).text());
    }

    @Test
    void genuinelyEncodedPayloadsAreDecoded() throws IOException {
        List<Doc> docs = WarcFiles.read(
                warc(
                        "encoded.warc.gz",
                        response("gzip", gzip(html())),
                        response("deflate", deflate(html())),
                        response("x-gzip", gzip(html()))),
                1 << 20);
        assertEquals(Map.of("kept", 3L), reasons(docs));
        docs.forEach(d -> assertTrue(d.text().contains("The tide tables for the harbour"), d.text()));
    }

    @Test
    void aPayloadThatNeitherDecodesNorIsHtmlIsAMismatchNotAReadError() throws IOException {
        byte[] broken = gzip(html());
        broken = java.util.Arrays.copyOf(broken, broken.length / 2); // cut in the middle of the deflate stream
        byte[] binary = new byte[600];
        new java.util.Random(1).nextBytes(binary);
        List<Doc> docs = WarcFiles.read(
                warc("mismatch.warc.gz", response("gzip", broken), response("br", binary), response("gzip", html())),
                1 << 20);
        Map<String, Long> r = reasons(docs);
        assertEquals(Map.of(DropReason.CONTENT_ENCODING_MISMATCH, 2L, "kept", 1L), r);
        assertTrue(r.keySet().stream().noneMatch(reason -> reason.startsWith("read_error_")), r.toString());
        // Each mismatch names its file and the offset of its record, which is where the next record is not.
        List<Doc> mismatches = docs.stream()
                .filter(d -> DropReason.CONTENT_ENCODING_MISMATCH.equals(d.dropReason()))
                .toList();
        assertEquals(2, mismatches.stream().map(Doc::offset).distinct().count());
        for (Doc d : mismatches) {
            assertTrue(d.detail().contains("mismatch.warc.gz at offset " + d.offset() + ":"), d.detail());
        }
        assertTrue(mismatches.get(0).offset() == 0 && mismatches.get(1).offset() > 0, mismatches.toString());
    }

    @Test
    void aWarcWhoseEveryRecordIsPlainBehindAGzipHeaderLosesNothing() throws IOException {
        byte[][] records = new byte[20][];
        for (int i = 0; i < records.length; i++) {
            records[i] = response(i % 2 == 0 ? "gzip" : "deflate", html());
        }
        List<Doc> docs = WarcFiles.read(warc("all-plain.warc.gz", records), 1 << 20);
        assertEquals(Map.of("kept", 20L), reasons(docs));
    }

    @Test
    void theWarcFilesOwnTruncatedGzipIsStillATruncatedGzip() throws IOException {
        Path whole = warc("whole.warc.gz", response("gzip", html()), response("gzip", html()));
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = tmp.resolve("cut.warc.gz");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 40));
        Map<String, Long> r = reasons(WarcFiles.read(cut, 1 << 20));
        assertEquals(1L, r.get("kept"), r.toString());
        assertEquals(1L, r.get(DropReason.READ_ERROR_TRUNCATED_GZIP), r.toString());
    }

    private static byte[] html() {
        return PAGE.getBytes(StandardCharsets.UTF_8);
    }

    /** A WARC/1.0 response record whose HTTP payload is {@code payload} as stored, with the given header. */
    private static byte[] response(String contentEncoding, byte[] payload) throws IOException {
        ByteArrayOutputStream http = new ByteArrayOutputStream();
        http.write(("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: " + contentEncoding
                        + "\r\nContent-Length: " + payload.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        http.write(payload);
        byte[] block = http.toByteArray();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://harbour.example/tides\r\n"
                        + "WARC-Date: 2024-05-01T12:00:00Z\r\nWARC-Record-ID: <urn:uuid:" + java.util.UUID.randomUUID()
                        + ">\r\n"
                        + "Content-Type: application/http; msgtype=response\r\nContent-Length: " + block.length
                        + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        record.write(block);
        record.write("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return record.toByteArray();
    }

    private Path warc(String name, byte[]... records) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] r : records) {
            out.write(gzip(r)); // one gzip member per record
        }
        Path p = tmp.resolve(name);
        Files.write(p, out.toByteArray());
        return p;
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, new Deflater())) {
            z.write(data);
        }
        return out.toByteArray();
    }

    private static Map<String, Long> reasons(List<Doc> docs) {
        Map<String, Long> r = new TreeMap<>();
        for (Doc d : docs) {
            r.merge(d.kept() ? "kept" : d.dropReason(), 1L, Long::sum);
        }
        return r;
    }
}
