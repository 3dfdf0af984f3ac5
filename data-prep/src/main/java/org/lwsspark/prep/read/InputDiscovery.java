package org.lwsspark.prep.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * Expands the {@code --input} arguments (files, directories walked recursively, globs; any Hadoop scheme:
 * file://, hdfs://, s3a://) into input files and detects each file's format from its name, and from its first
 * decompressed bytes when the name says nothing.
 */
public final class InputDiscovery {
    private InputDiscovery() {}

    /** All input files under the given arguments, sorted by path, without duplicates. */
    public static List<InputFile> discover(List<String> args, Configuration conf) throws IOException {
        TreeMap<String, InputFile> found = new TreeMap<>();
        for (String arg : args) {
            Path p = new Path(arg);
            FileSystem fs = p.getFileSystem(conf);
            FileStatus[] matches = fs.globStatus(p);
            if (matches == null || matches.length == 0) {
                throw new IllegalArgumentException("input not found: " + arg);
            }
            for (FileStatus st : matches) {
                collect(fs, st, conf, found);
            }
        }
        return new ArrayList<>(found.values());
    }

    private static void collect(FileSystem fs, FileStatus st, Configuration conf, TreeMap<String, InputFile> out)
            throws IOException {
        String name = st.getPath().getName();
        if (name.startsWith(".") || name.startsWith("_")) return; // hidden, Hadoop/Spark bookkeeping
        if (st.isDirectory()) {
            for (FileStatus child : fs.listStatus(st.getPath())) collect(fs, child, conf, out);
            return;
        }
        String path = st.getPath().toString();
        // A 0-byte file stays an input (counted as empty_input when read): a truncated upload must not pass unseen.
        out.put(path, new InputFile(path, detect(fs, st.getPath(), conf), st.getLen(), st.getModificationTime()));
    }

    /** The format of one file: by name first, else by the first bytes of its (decompressed) content. */
    public static InputKind detect(FileSystem fs, Path path, Configuration conf) throws IOException {
        String n = path.getName().toLowerCase(Locale.ROOT);
        String base = n.replaceFirst("\\.(gz|bz2|zst|lz4|deflate)$", "");
        if (base.endsWith(".wet") || base.endsWith(".warc.wet")) return InputKind.WET;
        if (base.endsWith(".warc") || base.endsWith(".wat") || base.endsWith(".arc")) return InputKind.WARC;
        if (base.endsWith(".xml")) return InputKind.WIKI;
        if (base.endsWith(".jsonl") || base.endsWith(".ndjson") || base.endsWith(".json")) return InputKind.JSONL;
        if (base.endsWith(".txt")) return InputKind.TEXT;
        String head = head(fs, path, conf);
        if (head.startsWith("WARC/")) return head.contains("conversion") ? InputKind.WET : InputKind.WARC;
        if (head.contains("<mediawiki") || head.startsWith("<?xml")) return InputKind.WIKI;
        if (head.startsWith("{")) return InputKind.JSONL;
        return InputKind.TEXT;
    }

    /** The first 2 KB of the decompressed content, BOMs and leading whitespace removed, UTF-16 decoded. */
    static String head(FileSystem fs, Path path, Configuration conf) throws IOException {
        CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
        try (InputStream raw = fs.open(path);
                InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
            byte[] b = in.readNBytes(2048);
            String s;
            if (b.length >= 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe) {
                s = new String(b, 2, b.length - 2, StandardCharsets.UTF_16LE);
            } else if (b.length >= 2 && (b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff) {
                s = new String(b, 2, b.length - 2, StandardCharsets.UTF_16BE);
            } else {
                s = new String(b, StandardCharsets.UTF_8);
            }
            return s.replace("\uFEFF", "").strip();
        }
    }
}
