package org.lwsspark.prep.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * The start of a file's decompressed content: its charset (UTF-16 by its byte-order mark, else UTF-8) and its first
 * characters, byte-order mark and leading whitespace removed. Format detection and the dump reader look at it.
 */
record ContentHead(Charset charset, String text) {

    /** The first {@code bytes} bytes of the decompressed content of {@code path}, decoded. */
    static ContentHead read(Path path, Configuration conf, int bytes) throws IOException {
        CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
        try (InputStream raw = path.getFileSystem(conf).open(path);
                InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
            byte[] b = firstBytes(in, bytes);
            Charset charset = StandardCharsets.UTF_8;
            if (b.length >= 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe) charset = StandardCharsets.UTF_16LE;
            if (b.length >= 2 && (b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff) charset = StandardCharsets.UTF_16BE;
            return new ContentHead(
                    charset, new String(b, charset).replace("\uFEFF", "").stripLeading());
        }
    }

    /** An XML declaration, a comment or the {@code <mediawiki>} element: not an HTML page or a text file. */
    boolean startsADump() {
        return text.startsWith("<?xml") || text.startsWith("<!--") || text.startsWith("<mediawiki");
    }

    /** What the file starts with, for an error message. */
    String shown() {
        return text.isEmpty()
                ? "nothing: it has no content"
                : "\"" + text.substring(0, Math.min(text.length(), 40)).replaceAll("\\s+", " ") + "\"";
    }

    /** Up to {@code n} bytes; Hadoop's bz2 stream fails on a read into a buffer at an offset, as readNBytes does. */
    private static byte[] firstBytes(InputStream in, int n) throws IOException {
        byte[] head = new byte[n];
        byte[] chunk = new byte[n];
        int got = 0;
        for (int r; got < n && (r = in.read(chunk, 0, n - got)) > 0; got += r) {
            System.arraycopy(chunk, 0, head, got, r);
        }
        return Arrays.copyOf(head, got);
    }
}
