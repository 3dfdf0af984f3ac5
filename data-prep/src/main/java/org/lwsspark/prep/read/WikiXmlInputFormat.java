package org.lwsspark.prep.read;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
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
        ContentHead head = head(path, conf);
        return head != null && !head.charset().equals(StandardCharsets.UTF_8);
    }

    /**
     * The head of the file, or null when its first bz2 block cannot be decoded: the dump is then read as UTF-8, what
     * Wikimedia writes, and the reader reports the bad block.
     */
    static ContentHead head(Path path, Configuration conf) throws IOException {
        try {
            return ContentHead.read(path, conf, 256);
        } catch (IOException | RuntimeException corrupt) {
            if (new CompressionCodecFactory(conf).getCodec(path) == null) throw corrupt;
            return null;
        }
    }
}
