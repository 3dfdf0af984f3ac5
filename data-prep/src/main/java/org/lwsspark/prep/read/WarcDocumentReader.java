package org.lwsspark.prep.read;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.zip.ZipException;
import org.lwsspark.prep.clean.HtmlExtractor;
import org.lwsspark.prep.doc.Doc;
import org.lwsspark.prep.doc.DropReason;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.ParsingException;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcConversion;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResource;
import org.netpreserve.jwarc.WarcResponse;

/**
 * The records of one WARC, WET or WAT file (plain or gzip with one member per record; WARC/0.17 to 1.1) as
 * documents, lazily: Common Crawl files are ~1 GB, never held in memory. {@code conversion} records (WET) are text;
 * {@code response} and {@code resource} records with HTML are reduced to their main text by {@link HtmlExtractor};
 * every other record is counted as not a document. A damaged record (truncated gzip, bad header) becomes a dropped
 * record naming the file and offset, and reading resumes at the next gzip member when there is one. A response's
 * payload is read as stored, then decoded by {@link ContentDecoding}, so that a payload whose Content-Encoding
 * header lies is never mistaken for damage to the file.
 */
public final class WarcDocumentReader implements Iterator<Doc>, AutoCloseable {
    private final String file;
    private final InputKind kind;
    private final LongFunction<InputStream> opener;
    private final long maxRecordBytes;
    private final ArrayDeque<Doc> pending = new ArrayDeque<>();
    private WarcReader reader;
    private long base; // file offset at which the current WarcReader started
    private boolean eof;
    private long prevRecordAt = -1; // file offset of the last record the current WarcReader returned
    private long probeFor = -1; // a record whose damage is reported once the member after it has been tried

    /**
     * @param opener opens the raw file positioned at the given byte offset (used again to resume after damage)
     */
    public WarcDocumentReader(String file, InputKind kind, LongFunction<InputStream> opener, long maxRecordBytes) {
        this.file = file;
        this.kind = kind;
        this.opener = opener;
        this.maxRecordBytes = maxRecordBytes;
        openAt(0);
    }

    private void openAt(long offset) {
        closeQuietly();
        base = offset;
        prevRecordAt = -1;
        eof = false;
        try {
            reader = new WarcReader(opener.apply(offset));
            reader.setLenient(true); // WARC/0.17 and real-world header quirks
        } catch (IOException | RuntimeException e) {
            pending.add(Doc.dropped(
                    kind.source(),
                    file,
                    offset,
                    "",
                    DropReason.READ_ERROR_BAD_WARC,
                    file + " at offset " + offset + ": cannot open as WARC: " + e));
            eof = true;
        }
    }

    @Override
    public boolean hasNext() {
        while (pending.isEmpty() && !eof) advance();
        return !pending.isEmpty();
    }

    @Override
    public Doc next() {
        if (!hasNext()) throw new NoSuchElementException();
        return pending.poll();
    }

    private void advance() {
        boolean inNext = true;
        long at = prevRecordAt >= 0 ? prevRecordAt : base;
        try {
            Optional<WarcRecord> next = reader.next();
            if (next.isEmpty()) {
                eof = true;
                closeQuietly();
                if (probeFor >= 0) pending.add(damaged(probeFor, "damaged record at the end of the file", null));
                return;
            }
            at = base + reader.position();
            if (probeFor >= 0) {
                // The member after it was fine: the damage was in the tail of the record at probeFor.
                pending.add(damaged(probeFor, "damaged record body", null));
                probeFor = -1;
            }
            prevRecordAt = at;
            inNext = false;
            pending.add(toDoc(next.get(), at));
        } catch (IOException | RuntimeException e) {
            if (inNext && prevRecordAt >= 0) {
                // jwarc failed between records: the damage is in the next member (or the last record's tail).
                // Look at the next member first, and report once we know where the damage is.
                long failedAfter = prevRecordAt;
                boolean gzip = reader != null && reader.compression() == WarcCompression.GZIP;
                if (!gzip || !resync(failedAfter + 1)) {
                    pending.add(damaged(failedAfter, "damaged record", e));
                } else {
                    probeFor = failedAfter;
                }
                return;
            }
            long where = inNext ? base : at;
            probeFor = -1;
            pending.add(damaged(where, null, e));
            boolean gzip = reader != null && reader.compression() == WarcCompression.GZIP;
            if (!gzip || !resync(where + 1)) {
                closeQuietly();
                eof = true;
            }
        }
    }

    private Doc damaged(long where, String what, Throwable e) {
        String reason = e instanceof ParsingException
                ? DropReason.READ_ERROR_BAD_WARC
                : e == null || isTruncation(e) ? DropReason.READ_ERROR_TRUNCATED_GZIP : DropReason.READ_ERROR_IO;
        String msg = file + " at offset " + where + ": " + (what != null ? what : "")
                + (e == null ? "" : (what != null ? " (" : "") + describe(e) + (what != null ? ")" : ""));
        return Doc.dropped(kind.source(), file, where, "", reason, msg);
    }

    private static String describe(Throwable e) {
        if (e instanceof EOFException || e instanceof ZipException) return "truncated record (" + e.getMessage() + ")";
        if (e instanceof ParsingException) return "bad WARC header: " + e.getMessage();
        return e.toString();
    }

    private static boolean isTruncation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EOFException || t instanceof ZipException) return true;
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("unexpected end") || m.contains("premature") || m.contains("truncated")) return true;
        }
        return false;
    }

    /** Reopens at the first gzip member at or after {@code from}; false when there is none. */
    private boolean resync(long from) {
        closeQuietly();
        try (InputStream in = opener.apply(from)) {
            long pos = from;
            int a = -1;
            int b = -1;
            int c;
            while ((c = in.read()) >= 0) {
                if (a == 0x1f && b == 0x8b && c == 0x08) {
                    openAt(pos - 2);
                    return !eof;
                }
                a = b;
                b = c;
                pos++;
            }
        } catch (IOException | RuntimeException e) {
            // nothing more to read
        }
        eof = true;
        return false;
    }

    private Doc toDoc(WarcRecord rec, long at) throws IOException {
        String url = targetUri(rec);
        String src = kind.source();
        if (rec instanceof WarcConversion conv) {
            byte[] body = readBody(conv.body().stream());
            if (body == null) return Doc.dropped(src, file, at, url, DropReason.RECORD_TOO_LARGE, null);
            return Doc.read(InputKind.WET.source(), file, at, "", url, new String(body, StandardCharsets.UTF_8), false);
        }
        if (rec instanceof WarcResponse resp && resp.contentType().base().equals(MediaType.HTTP)) {
            HttpResponse http = resp.http();
            String ctype = http.headers().first("Content-Type").orElse("");
            if (http.status() != 200 || !HtmlExtractor.isHtml(ctype)) {
                resp.body().consume();
                return Doc.dropped(src, file, at, url, DropReason.NOT_HTML, null);
            }
            byte[] payload = readBody(http.body().stream());
            if (payload == null) return Doc.dropped(src, file, at, url, DropReason.RECORD_TOO_LARGE, null);
            ContentDecoding.Result decoded = ContentDecoding.decode(
                    payload, http.headers().first("Content-Encoding").orElse(""), maxRecordBytes);
            return switch (decoded.outcome()) {
                case DECODED, STORED_DECODED ->
                    Doc.read(src, file, at, "", url, HtmlExtractor.extract(decoded.body(), ctype), false);
                case TOO_LARGE -> Doc.dropped(src, file, at, url, DropReason.RECORD_TOO_LARGE, null);
                case MISMATCH ->
                    Doc.dropped(
                            src,
                            file,
                            at,
                            url,
                            DropReason.CONTENT_ENCODING_MISMATCH,
                            file + " at offset " + at + ": the payload neither decodes as its Content-Encoding ("
                                    + http.headers().first("Content-Encoding").orElse("") + ") nor is HTML as stored");
            };
        }
        if (rec instanceof WarcResource res
                && HtmlExtractor.isHtml(res.contentType().toString())) {
            byte[] body = readBody(res.body().stream());
            if (body == null) return Doc.dropped(src, file, at, url, DropReason.RECORD_TOO_LARGE, null);
            return Doc.read(
                    src,
                    file,
                    at,
                    "",
                    url,
                    HtmlExtractor.extract(body, res.contentType().toString()),
                    false);
        }
        rec.body().consume();
        return Doc.dropped(src, file, at, url, DropReason.NOT_A_DOCUMENT, null);
    }

    /** The body, or null when it exceeds the record limit (the rest is skipped, not buffered). */
    private byte[] readBody(InputStream in) throws IOException {
        byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxRecordBytes + 1));
        if (b.length > maxRecordBytes) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return null;
        }
        return b;
    }

    /** WARC-Target-URI as written, without the angle brackets some crawlers (wget 1.x) put around it. */
    static String targetUri(WarcRecord rec) {
        String u = rec.headers().first("WARC-Target-URI").orElse("").strip();
        if (u.startsWith("<") && u.endsWith(">")) u = u.substring(1, u.length() - 1);
        return u;
    }

    private void closeQuietly() {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException e) {
                // closing a damaged stream may fail again; nothing is lost
            }
            reader = null;
        }
    }

    @Override
    public void close() {
        closeQuietly();
        eof = true;
    }
}
