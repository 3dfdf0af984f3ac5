package org.lwsspark.prep.read;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

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
        out.put(path, new InputFile(path, detect(st.getPath(), conf), st.getLen(), st.getModificationTime()));
    }

    /** The format of one file: by name first, else by the first bytes of its (decompressed) content. */
    public static InputKind detect(Path path, Configuration conf) throws IOException {
        String n = path.getName().toLowerCase(Locale.ROOT);
        String base = n.replaceFirst("\\.(gz|bz2|zst|lz4|deflate)$", "");
        if (base.endsWith(".wet") || base.endsWith(".warc.wet")) return InputKind.WET;
        if (base.endsWith(".warc") || base.endsWith(".wat") || base.endsWith(".arc")) return InputKind.WARC;
        if (base.endsWith(".xml")) return InputKind.WIKI;
        if (base.endsWith(".jsonl") || base.endsWith(".ndjson") || base.endsWith(".json")) return InputKind.JSONL;
        if (base.endsWith(".txt")) return InputKind.TEXT;
        String head = ContentHead.read(path, conf, 2048).text();
        if (head.startsWith("WARC/")) return head.contains("conversion") ? InputKind.WET : InputKind.WARC;
        if (head.contains("<mediawiki") || head.startsWith("<?xml")) return InputKind.WIKI;
        if (head.startsWith("{")) return InputKind.JSONL;
        return InputKind.TEXT;
    }
}
