package org.lwsspark.prep.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.io.compress.SplittableCompressionCodec;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * MediaWiki XML dumps as {@code <page>} records, split so that many tasks read one dump: plain XML at any byte,
 * bz2 (single or multistream) at bz2 block boundaries through Hadoop's {@link SplittableCompressionCodec}. A UTF-16
 * file cannot be cut at an arbitrary byte and keeps one split (such dumps are small: Wikimedia writes UTF-8).
 */
public final class WikiXmlInputFormat extends FileInputFormat<LongWritable, Text> {

    @Override
    protected boolean isSplitable(JobContext context, Path file) {
        CompressionCodec codec = new CompressionCodecFactory(context.getConfiguration()).getCodec(file);
        return codec == null || codec instanceof SplittableCompressionCodec;
    }

    @Override
    public List<InputSplit> getSplits(JobContext job) throws IOException {
        List<InputSplit> splits = super.getSplits(job);
        Map<Path, List<FileSplit>> byFile = new LinkedHashMap<>();
        for (InputSplit s : splits) {
            FileSplit fs = (FileSplit) s;
            byFile.computeIfAbsent(fs.getPath(), k -> new ArrayList<>()).add(fs);
        }
        List<InputSplit> out = new ArrayList<>();
        for (Map.Entry<Path, List<FileSplit>> e : byFile.entrySet()) {
            List<FileSplit> parts = e.getValue();
            if (parts.size() > 1 && isUtf16(e.getKey(), job.getConfiguration())) {
                long len = parts.stream().mapToLong(FileSplit::getLength).sum();
                out.add(new FileSplit(e.getKey(), 0, len, parts.get(0).getLocations()));
            } else {
                out.addAll(parts);
            }
        }
        return out;
    }

    @Override
    public RecordReader<LongWritable, Text> createRecordReader(InputSplit split, TaskAttemptContext context) {
        return new WikiPageRecordReader();
    }

    /** True when the decompressed content starts with a UTF-16 byte-order mark. */
    static boolean isUtf16(Path path, Configuration conf) throws IOException {
        Head head = head(path, conf);
        return head != null && !head.charset().equals(StandardCharsets.UTF_8);
    }

    /**
     * The start of a file's decompressed content: its charset (UTF-16 by its byte-order mark, else UTF-8) and its
     * first characters.
     */
    record Head(Charset charset, String text) {
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
    }

    /**
     * The head of the file, or null when its first bz2 block cannot be decoded: the dump is then read as UTF-8, what
     * Wikimedia writes, and the reader reports the bad block.
     */
    static Head head(Path path, Configuration conf) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
        try (InputStream raw = fs.open(path)) {
            byte[] b;
            try (InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
                b = firstBytes(in, 256);
            } catch (IOException | RuntimeException corrupt) {
                if (codec == null) throw corrupt;
                return null;
            }
            Charset charset = StandardCharsets.UTF_8;
            if (b.length >= 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe) charset = StandardCharsets.UTF_16LE;
            if (b.length >= 2 && (b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff) charset = StandardCharsets.UTF_16BE;
            return new Head(
                    charset, new String(b, charset).replace("\uFEFF", "").stripLeading());
        }
    }

    /** Up to {@code n} bytes; Hadoop's bz2 stream fails on a read into a buffer at an offset, as readNBytes does. */
    private static byte[] firstBytes(InputStream in, int n) throws IOException {
        byte[] head = new byte[n];
        byte[] chunk = new byte[n];
        int got = 0;
        for (int r; got < n && (r = in.read(chunk, 0, n - got)) > 0; got += r) {
            System.arraycopy(chunk, 0, head, got, r);
        }
        return java.util.Arrays.copyOf(head, got);
    }
}
