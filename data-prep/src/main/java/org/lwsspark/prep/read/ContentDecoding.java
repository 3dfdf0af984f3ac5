package org.lwsspark.prep.read;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.netpreserve.jwarc.DecodedBody;

/**
 * An HTTP payload decoded by its {@code Content-Encoding}, for the crawlers that store it already decoded while
 * keeping the server's header. The payload is read whole from the WARC record first, so a failure here is the
 * payload's, never the WARC file's own gzip framing (which stays a {@code read_error_truncated_gzip}).
 */
final class ContentDecoding {

    /** How much of a payload's start is looked at to tell whether it is already the declared type. */
    private static final int SNIFF_BYTES = 1024;

    private ContentDecoding() {}

    /** What became of a payload. */
    enum Outcome {
        /** Decoded as its header says, or it declared no encoding. */
        DECODED,
        /** It did not decode, but it is already HTML: used as stored. */
        STORED_DECODED,
        /** Neither decodes nor looks like HTML. */
        MISMATCH,
        /** Decoded, it exceeds the record limit. */
        TOO_LARGE
    }

    record Result(Outcome outcome, byte[] body) {}

    /**
     * @param payload         the record's HTTP payload as stored
     * @param contentEncoding the {@code Content-Encoding} header ("" when absent)
     * @param maxBytes        the largest decoded body kept
     */
    static Result decode(byte[] payload, String contentEncoding, long maxBytes) {
        List<Decoder> decoders = decoders(contentEncoding);
        if (decoders.isEmpty()) {
            return new Result(Outcome.DECODED, payload);
        }
        for (Decoder decoder : decoders) {
            try (InputStream in = decoder.open(new ByteArrayInputStream(payload))) {
                byte[] decoded = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (decoded.length > maxBytes) {
                    return new Result(Outcome.TOO_LARGE, null);
                }
                return new Result(Outcome.DECODED, decoded);
            } catch (IOException | RuntimeException | LinkageError e) {
                // The next decoder, if any (LinkageError: brotli's decoder is an optional dependency of jwarc).
            }
        }
        return looksLikeHtml(payload)
                ? new Result(Outcome.STORED_DECODED, payload)
                : new Result(Outcome.MISMATCH, null);
    }

    private interface Decoder {
        InputStream open(InputStream payload) throws IOException;
    }

    /**
     * The decoders to try for a header value, none for identity or any value that names no encoding (a charset by
     * mistake). "deflate" is zlib-wrapped by the standard and raw deflate from many servers: both are tried.
     */
    private static List<Decoder> decoders(String header) {
        return switch (header.strip().toLowerCase(Locale.ROOT)) {
            case "gzip", "x-gzip" -> List.of(GZIPInputStream::new);
            case "deflate" ->
                List.of(
                        in -> new InflaterInputStream(in, new Inflater(false)),
                        in -> new InflaterInputStream(in, new Inflater(true)));
            case "br" ->
                List.of(in -> Channels.newInputStream(
                        DecodedBody.create(Channels.newChannel(in), DecodedBody.Encoding.BROTLI)));
            default -> List.of();
        };
    }

    /** Markup at the start: a tag or a comment after optional whitespace and byte-order mark. */
    static boolean looksLikeHtml(byte[] payload) {
        String head = new String(payload, 0, Math.min(payload.length, SNIFF_BYTES), StandardCharsets.ISO_8859_1)
                .replace("\u00ef\u00bb\u00bf", "")
                .stripLeading()
                .toLowerCase(Locale.ROOT);
        return head.startsWith("<!doctype html")
                || head.startsWith("<html")
                || head.startsWith("<!--")
                || head.startsWith("<head")
                || head.startsWith("<body")
                || head.startsWith("<?xml")
                || head.startsWith("<meta")
                || head.contains("<html");
    }
}
