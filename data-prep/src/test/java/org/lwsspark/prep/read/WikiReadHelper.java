package org.lwsspark.prep.read;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.lwsspark.prep.config.PrepConfig;
import org.lwsspark.prep.doc.Doc;

/** Reads a dump through the same InputFormat Spark uses, split by split, without Spark. */
public final class WikiReadHelper {
    private WikiReadHelper() {}

    /** The raw records (offset, value) of every split, in split order, and the number of splits. */
    public record Raw(List<Long> offsets, List<String> values, int splits) {}

    public static Raw raw(java.nio.file.Path file, long maxSplitBytes) throws Exception {
        Configuration conf = new Configuration();
        conf.setLong(FileInputFormat.SPLIT_MAXSIZE, maxSplitBytes);
        Job job = Job.getInstance(conf);
        FileInputFormat.addInputPath(job, new Path(file.toUri()));
        WikiXmlInputFormat fmt = new WikiXmlInputFormat();
        List<InputSplit> splits = fmt.getSplits(job);
        List<Long> offsets = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (InputSplit s : splits) {
            TaskAttemptContextImpl ctx = new TaskAttemptContextImpl(job.getConfiguration(), new TaskAttemptID());
            try (RecordReader<LongWritable, Text> rr = fmt.createRecordReader(s, ctx)) {
                rr.initialize(s, ctx);
                while (rr.nextKeyValue()) {
                    offsets.add(rr.getCurrentKey().get());
                    values.add(rr.getCurrentValue().toString());
                }
            }
        }
        return new Raw(offsets, values, splits.size());
    }

    public static List<Doc> docs(java.nio.file.Path file, long maxSplitBytes, PrepConfig cfg) throws Exception {
        Raw raw = raw(file, maxSplitBytes);
        List<Doc> out = new ArrayList<>();
        for (int i = 0; i < raw.values().size(); i++) {
            out.add(WikiPageParser.fromRecord(
                    file.toString(), raw.offsets().get(i), raw.values().get(i), cfg.read()));
        }
        return out;
    }
}
