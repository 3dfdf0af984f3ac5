package org.lwsspark.prep.read;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
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
import org.apache.hadoop.io.compress.bzip2.CBZip2InputStream;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.CompressedSplitLineReader;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.SplitLineReader;
import org.apache.hadoop.mapreduce.lib.input.UncompressedSplitLineReader;
import org.lwsspark.prep.doc.DropReason;

/**
 * Reads one split of a MediaWiki dump as {@code <page>...</page>} records. It is Hadoop's LineRecordReader with
 * {@code </page>} as the record delimiter (so split boundaries, bz2 blocks and multistream files get Hadoop's own,
 * tested handling: a record belongs to the split in which it starts, the first partial record of a later split is
 * skipped), plus two things LineRecordReader lacks: UTF-16 input, and recovery from read errors, which are reported
 * as a record whose value starts with {@link #ERROR_MARK}.
 *
 * <p>A corrupt bz2 block costs that block only: the error names the byte at which the block starts, reading resumes
 * at the next block, and the pages lost are those with a byte in the bad block. Pages are held back until the CRC of
 * the block they end in has matched, because Hadoop's decoder checks it only after handing out the whole block,
 * garbage included. The split that a block starts in reports it, so any split size gives the same records. A plain
 * or gzip file cannot resync: reading stops at its error.
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
    /** The bz2 stream, block by block; null for plain files and unsplittable codecs. */
    private SplitCompressionInputStream blocks;

    private Charset charset = StandardCharsets.UTF_8;
    private byte[] delimiter;
    private long start;
    private long end;
    private long pos;
    /** The first chunk of a later split ends the previous split's last page: that split reads it. */
    private boolean skipFirst;
    /** After a corrupt block, the next block is the next split's: read its first chunk only, as a split end does. */
    private boolean lastChunk;

    private boolean done;
    /** Records read from the bz2 block at {@link #heldPos} (stream position), whose CRC is not checked yet. */
    private final ArrayDeque<Record> held = new ArrayDeque<>();

    private long heldPos = -1;
    private final ArrayDeque<Record> ready = new ArrayDeque<>();
    private final LongWritable key = new LongWritable();
    private Text value = new Text();
    private final Text raw = new Text();

    private record Record(long key, Text value) {}

    @Override
    public void initialize(InputSplit genericSplit, TaskAttemptContext context) throws IOException {
        FileSplit split = (FileSplit) genericSplit;
        conf = context.getConfiguration();
        file = split.getPath();
        end = split.getStart() + split.getLength();
        codec = new CompressionCodecFactory(conf).getCodec(file);
        ContentHead head = split.getStart() == 0 ? WikiXmlInputFormat.head(file, conf) : null;
        if (head != null) charset = head.charset();
        delimiter = END_TAG.getBytes(charset);
        if (head != null && !head.startsADump()) {
            // An HTML error page saved under a dump's name, a text file: one error, and nothing else is read.
            ready.add(error(
                    0, DropReason.READ_ERROR_NOT_XML, "not a MediaWiki XML dump: it starts with " + head.shown()));
            done = true;
            return;
        }
        open(split.getStart(), false);
    }

    /** Opens the file at {@code from}: the split start, or after a corrupt bz2 block ({@code afterGap}). */
    private void open(long from, boolean afterGap) throws IOException {
        closeStreams();
        FileSystem fs = file.getFileSystem(conf);
        fileIn = fs.open(file);
        if (codec != null) {
            decompressor = CodecPool.getDecompressor(codec);
            if (codec instanceof SplittableCompressionCodec sc) {
                try {
                    blocks = sc.createInputStream(
                            fileIn, decompressor, from, end, SplittableCompressionCodec.READ_MODE.BYBLOCK);
                } catch (IOException | RuntimeException e) {
                    // The decoder decodes the first block it finds as it opens: that block is the bad one.
                    skipPast(markerAtOrAfter(from), e);
                    return;
                }
                in = new BlockSplitLineReader(blocks, conf, delimiter);
                start = blocks.getAdjustedStart();
                filePosition = blocks;
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
        pos = start;
        // After a gap the first chunk is the tail of a page lost with the bad block, or a whole page that starts
        // after it: the page parsing keeps the latter (from its <page>), so it is not skipped like a split's.
        skipFirst = !afterGap && start != 0;
        lastChunk = afterGap && filePos() >= end;
    }

    private int maxBytesToConsume(long p) {
        return codec != null ? Integer.MAX_VALUE : (int) Math.max(Math.min(Integer.MAX_VALUE, end - p), 1);
    }

    private long filePos() throws IOException {
        return codec != null && filePosition != null ? filePosition.getPos() : pos;
    }

    @Override
    public boolean nextKeyValue() throws IOException {
        while (ready.isEmpty() && !done) step();
        Record r = ready.poll();
        if (r == null) return false;
        key.set(r.key());
        value = r.value();
        return true;
    }

    /** Reads one chunk: a page, a skipped chunk, a read error or the end of the split. */
    private void step() throws IOException {
        long recordPos = filePos();
        if (!lastChunk && !(recordPos <= end || in.needAdditionalRecordAfterSplit())) {
            finish();
            return;
        }
        int size;
        try {
            size = in.readLine(raw, Integer.MAX_VALUE, maxBytesToConsume(pos));
        } catch (IOException | RuntimeException e) {
            recover(e);
            return;
        }
        if (size == 0) {
            finish();
            return;
        }
        pos += size;
        releaseChecked();
        if (skipFirst) {
            skipFirst = false;
        } else {
            Text page = page();
            if (page != null) (blocks != null ? held : ready).add(new Record(recordPos, page));
        }
        if (lastChunk) finish();
    }

    /**
     * The page in {@link #raw}, the chunk from its last {@code <page>} on, or null for a chunk without one (the
     * {@code <siteinfo>} header, the closing {@code </mediawiki>}, the tail of a page cut by a split or a bad block).
     */
    private Text page() {
        // UTF-8 chunks are cut as bytes: decoding and re-encoding every page cost a quarter of the read time on
        // top of bz2.
        Text page = new Text();
        if (charset == StandardCharsets.UTF_8) {
            int startTag = lastPageStart(raw.getBytes(), raw.getLength());
            if (startTag < 0) return null;
            page.set(raw.getBytes(), startTag, raw.getLength() - startTag);
            page.append(END_TAG_UTF8, 0, END_TAG_UTF8.length);
        } else {
            String chunk = new String(raw.getBytes(), 0, raw.getLength(), charset).replace("\uFEFF", "");
            int startTag = chunk.lastIndexOf("<page>");
            if (startTag < 0) startTag = chunk.lastIndexOf("<page ");
            if (startTag < 0) return null;
            page.set(chunk.substring(startTag) + END_TAG);
        }
        return page;
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

    /** The bz2 stream has moved past the block of the held pages: that block's CRC matched. */
    private void releaseChecked() throws IOException {
        if (blocks == null || filePos() == heldPos) return;
        ready.addAll(held);
        held.clear();
        heldPos = filePos();
    }

    /**
     * The end of the split. Pages still held end in a block past the split end (the last page of the split runs
     * into it): its CRC is checked by reading that block to its end. If it is bad, the split it starts in reports it.
     */
    private void finish() throws IOException {
        done = true;
        if (held.isEmpty()) return;
        byte[] sink = new byte[1 << 16];
        try {
            while (blocks.getPos() == heldPos && blocks.read(sink, 0, sink.length) >= 0) {
                // the block's bytes are not needed, only its CRC check
            }
        } catch (IOException | RuntimeException e) {
            if (isCrcError(e)) held.clear();
        }
        ready.addAll(held);
        held.clear();
    }

    /** A read failed: report it; in bz2, drop what the bad block gave and resume at the block after it. */
    private void recover(Exception e) throws IOException {
        if (blocks == null) {
            report(filePos(), e);
            done = true;
            return;
        }
        releaseChecked(); // the failing read may have passed a block end first
        long current = markerAtOrAfter(Math.max(filePos() - 1, 0));
        boolean currentBad = isCrcError(e);
        if (currentBad) held.clear();
        ready.addAll(held);
        held.clear();
        skipPast(currentBad ? current : markerAtOrAfter(current + 1), e);
    }

    /**
     * Hadoop's CBZip2InputStream checks a block's CRC as it hands out the block's last byte and fails with "crc
     * error" (reportCRCError): the bytes it gave out of that block are garbage. Any other failure comes from
     * decoding the next block (it decodes a whole block, Huffman tables and all, when the previous one ends) or
     * from reading the file: the current block was complete and checked.
     */
    private static boolean isCrcError(Exception e) {
        return e instanceof IOException && "crc error".equals(e.getMessage());
    }

    /** Reports the bad bz2 block that starts at byte {@code bad} if this split owns it, and resumes after it. */
    private void skipPast(long bad, Exception e) throws IOException {
        // A block belongs to the split its marker starts in (the one that reads its pages): a later split reports it.
        if (bad >= end) {
            done = true;
            return;
        }
        report(bad, e);
        open(bad + 1, true);
    }

    private void report(long at, Exception e) {
        String reason = codec != null && codec.getDefaultExtension().equals(".bz2")
                ? DropReason.READ_ERROR_CORRUPT_BZ2
                : DropReason.READ_ERROR_IO;
        ready.add(error(at, reason, e.toString()));
    }

    private Record error(long at, String reason, String message) {
        return new Record(at, new Text(ERROR_MARK + reason + "\u0000" + file + " at offset " + at + ": " + message));
    }

    /** The byte in which the first bz2 block marker at or after {@code from} starts; the file length if none. */
    private long markerAtOrAfter(long from) throws IOException {
        try (FSDataInputStream scan = file.getFileSystem(conf).open(file)) {
            scan.seek(from);
            return from + CBZip2InputStream.numberOfBytesTillNextMarker(scan);
        }
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
            blocks = null;
            filePosition = null;
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
