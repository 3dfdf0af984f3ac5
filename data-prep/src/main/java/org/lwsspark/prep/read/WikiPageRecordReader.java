package org.lwsspark.prep.read;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.Seekable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.io.compress.Decompressor;
import org.apache.hadoop.io.compress.SplitCompressionInputStream;
import org.apache.hadoop.io.compress.SplittableCompressionCodec;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.CompressedSplitLineReader;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.SplitLineReader;
import org.apache.hadoop.mapreduce.lib.input.UncompressedSplitLineReader;

/**
 * Reads one split of a MediaWiki dump as {@code <page>...</page>} records. It is Hadoop's LineRecordReader with
 * {@code </page>} as the record delimiter (so split boundaries, bz2 blocks and multistream files get Hadoop's own,
 * tested handling: a record belongs to the split in which it starts, the first partial record of a later split is
 * skipped), plus two things LineRecordReader lacks: UTF-16 input, and recovery from a corrupt bz2 block or an I/O
 * error, which is reported as a record whose value starts with {@link #ERROR_MARK} and reading resumes at the next
 * bz2 block.
 *
 * <p>Keys are the record's position: the byte offset in plain files, the compressed position (bz2 block
 * granularity) in compressed ones. Values are one page, from its {@code <page>} through its {@code </page>}, in UTF-8
 * whatever the input's encoding.
 */
public final class WikiPageRecordReader extends RecordReader<LongWritable, Text> {
    /** Values starting with this are read errors: {@code ERROR_MARK + reason + '\0' + message}. */
    public static final String ERROR_MARK = "\u0000read-error\u0000";
    private static final String END_TAG = "</page>";
    private static final byte[] END_TAG_UTF8 = END_TAG.getBytes(StandardCharsets.UTF_8);
    private static final byte[] PAGE_TAG_UTF8 = "<page>".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PAGE_TAG_WITH_ATTRIBUTES_UTF8 = "<page ".getBytes(StandardCharsets.UTF_8);

    private Configuration conf;
    private Path file;
    private CompressionCodec codec;
    private Decompressor decompressor;
    private FSDataInputStream fileIn;
    private SplitLineReader in;
    private Seekable filePosition;
    private Charset charset = StandardCharsets.UTF_8;
    private byte[] delimiter;
    private long splitStart;
    private long start;
    private long end;
    private long pos;
    private boolean done;
    private final LongWritable key = new LongWritable();
    private final Text value = new Text();
    private final Text raw = new Text();

    @Override
    public void initialize(InputSplit genericSplit, TaskAttemptContext context) throws IOException {
        FileSplit split = (FileSplit) genericSplit;
        conf = context.getConfiguration();
        file = split.getPath();
        splitStart = split.getStart();
        end = splitStart + split.getLength();
        codec = new CompressionCodecFactory(conf).getCodec(file);
        if (splitStart == 0) {
            String bom = WikiXmlInputFormat.bomCharset(file, conf);
            if (bom != null) charset = Charset.forName(bom);
        }
        delimiter = END_TAG.getBytes(charset);
        open(splitStart);
    }

    /** Opens the file at {@code from} (a later bz2 block when resuming after an error). */
    private void open(long from) throws IOException {
        closeStreams();
        FileSystem fs = file.getFileSystem(conf);
        fileIn = fs.open(file);
        if (codec != null) {
            decompressor = CodecPool.getDecompressor(codec);
            if (codec instanceof SplittableCompressionCodec sc) {
                SplitCompressionInputStream cIn = sc.createInputStream(fileIn, decompressor, from, end,
                        SplittableCompressionCodec.READ_MODE.BYBLOCK);
                in = new BlockSplitLineReader(cIn, conf, delimiter);
                start = cIn.getAdjustedStart();
                end = cIn.getAdjustedEnd();
                filePosition = cIn;
            } else {
                // gzip and other unsplittable codecs: the whole file is one split (isSplitable says so).
                in = new SplitLineReader(codec.createInputStream(fileIn, decompressor), conf, delimiter);
                filePosition = fileIn;
                start = from;
            }
        } else {
            fileIn.seek(from);
            in = new UncompressedSplitLineReader(fileIn, conf, delimiter, end - from);
            filePosition = fileIn;
            start = from;
        }
        // Not the first split: the first record belongs to the previous split (same rule as LineRecordReader).
        if (start != 0) {
            start += in.readLine(new Text(), 0, maxBytesToConsume(start));
        }
        pos = start;
    }

    private int maxBytesToConsume(long p) {
        return codec != null ? Integer.MAX_VALUE : (int) Math.max(Math.min(Integer.MAX_VALUE, end - p), 1);
    }

    private long filePos() throws IOException {
        return codec != null && filePosition != null ? filePosition.getPos() : pos;
    }

    @Override
    public boolean nextKeyValue() throws IOException {
        while (!done) {
            long recordPos = filePos();
            if (!(recordPos <= end || in.needAdditionalRecordAfterSplit())) {
                done = true;
                break;
            }
            int size;
            try {
                size = in.readLine(raw, Integer.MAX_VALUE, maxBytesToConsume(pos));
            } catch (IOException | RuntimeException e) {
                // A corrupt bz2 block (CRC or Huffman error) or a failing read: report it, resume after it.
                long at = Math.max(filePos(), pos);
                key.set(at);
                value.set(ERROR_MARK + (codec != null && codec.getDefaultExtension().equals(".bz2")
                        ? "read_error_corrupt_bz2" : "read_error_io") + "\u0000" + file + " at offset " + at + ": "
                        + e);
                resumeAfter(at);
                return true;
            }
            if (size == 0) {
                done = true;
                break;
            }
            pos += size;
            // The page is the chunk from its last <page> on; a chunk without one is the <siteinfo> header or the
            // closing </mediawiki>. UTF-8 chunks are cut as bytes: decoding and re-encoding every page cost a
            // quarter of the read time on top of bz2.
            if (charset == StandardCharsets.UTF_8) {
                int startTag = lastPageStart(raw.getBytes(), raw.getLength());
                if (startTag < 0) continue;
                value.set(raw.getBytes(), startTag, raw.getLength() - startTag);
                value.append(END_TAG_UTF8, 0, END_TAG_UTF8.length);
            } else {
                String chunk = new String(raw.getBytes(), 0, raw.getLength(), charset).replace("\uFEFF", "");
                int startTag = chunk.lastIndexOf("<page>");
                if (startTag < 0) startTag = chunk.lastIndexOf("<page ");
                if (startTag < 0) continue;
                value.set(chunk.substring(startTag) + END_TAG);
            }
            key.set(recordPos);
            return true;
        }
        return false;
    }

    /** Where the last {@code <page>} (else the last {@code <page ...>}) of the UTF-8 chunk starts, or -1. */
    static int lastPageStart(byte[] chunk, int length) {
        int at = lastIndexOf(chunk, length, PAGE_TAG_UTF8);
        return at >= 0 ? at : lastIndexOf(chunk, length, PAGE_TAG_WITH_ATTRIBUTES_UTF8);
    }

    private static int lastIndexOf(byte[] haystack, int length, byte[] needle) {
        outer:
        for (int i = length - needle.length; i >= 0; i--) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    /** Continue at the first bz2 block after {@code at}; an unsplittable or plain stream cannot resync. */
    private void resumeAfter(long at) throws IOException {
        if (codec instanceof SplittableCompressionCodec && at + 1 < end) {
            try {
                open(at + 1);
                return;
            } catch (IOException e) {
                // no further block in this split
            }
        }
        done = true;
    }

    /**
     * Hadoop's CompressedSplitLineReader asks for one more record after the split whenever a multi-byte delimiter
     * straddled any buffer refill, anywhere in the split, and so reads a page of the next split twice. The extra
     * record is needed only when the delimiter straddles the refill that crosses the split end (the next split
     * cannot recognise the half delimiter it starts with); this subclass narrows it to that case.
     */
    static final class BlockSplitLineReader extends CompressedSplitLineReader {
        private final SplitCompressionInputStream scin;
        private boolean straddledAtEnd;

        BlockSplitLineReader(SplitCompressionInputStream in, Configuration conf, byte[] delimiter) throws IOException {
            super(in, conf, delimiter);
            this.scin = in;
        }

        @Override
        protected int fillBuffer(java.io.InputStream in, byte[] buffer, boolean inDelimiter) throws IOException {
            long before = scin.getPos();
            int n = super.fillBuffer(in, buffer, inDelimiter);
            if (inDelimiter && n > 0 && before <= scin.getAdjustedEnd() && scin.getPos() > scin.getAdjustedEnd()) {
                straddledAtEnd = true;
            }
            return n;
        }

        @Override
        public boolean needAdditionalRecordAfterSplit() {
            return straddledAtEnd && super.needAdditionalRecordAfterSplit();
        }
    }

    @Override
    public LongWritable getCurrentKey() {
        return key;
    }

    @Override
    public Text getCurrentValue() {
        return value;
    }

    @Override
    public float getProgress() throws IOException {
        if (start == end) return 0f;
        return Math.min(1f, (filePos() - start) / (float) (end - start));
    }

    private void closeStreams() throws IOException {
        try {
            if (in != null) in.close();
            else if (fileIn != null) fileIn.close();
        } finally {
            in = null;
            fileIn = null;
            if (decompressor != null) {
                CodecPool.returnDecompressor(decompressor);
                decompressor = null;
            }
        }
    }

    @Override
    public void close() throws IOException {
        closeStreams();
    }
}
