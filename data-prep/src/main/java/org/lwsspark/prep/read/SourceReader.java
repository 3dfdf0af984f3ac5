package org.lwsspark.prep.read;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.lwsspark.common.Json;
import org.lwsspark.data.SerializableConf;
import org.lwsspark.prep.config.PrepConfig;
import org.lwsspark.prep.doc.Doc;
import org.lwsspark.prep.doc.DropReason;

/** All inputs as one RDD of records, read in parallel: wiki dumps by split, WARC/WET by file, text by split. */
public final class SourceReader {
    private SourceReader() {}

    /**
     * @param recordsRead counts every record read (for progress lines); the counts in the manifest come from the
     *                    records themselves, not from this accumulator
     */
    public static JavaRDD<Doc> read(
            JavaSparkContext jsc, List<InputFile> inputs, PrepConfig cfg, LongAccumulator recordsRead) {
        List<JavaRDD<Doc>> parts = new ArrayList<>();
        List<InputFile> empty = inputs.stream().filter(f -> f.size() == 0).collect(Collectors.toList());
        if (!empty.isEmpty()) parts.add(jsc.parallelize(empty, 1).map(SourceReader::emptyInput));
        List<InputFile> nonEmpty = inputs.stream().filter(f -> f.size() > 0).collect(Collectors.toList());
        List<String> wiki = paths(nonEmpty, InputKind.WIKI);
        if (!wiki.isEmpty()) parts.add(readWiki(jsc, wiki, cfg));
        List<InputFile> web = nonEmpty.stream()
                .filter(f -> f.kind() == InputKind.WARC || f.kind() == InputKind.WET)
                .collect(Collectors.toList());
        if (!web.isEmpty()) parts.add(readWeb(jsc, web, cfg));
        List<String> text = paths(nonEmpty, InputKind.TEXT);
        if (!text.isEmpty()) parts.add(readLines(jsc, text, InputKind.TEXT));
        List<String> jsonl = paths(nonEmpty, InputKind.JSONL);
        if (!jsonl.isEmpty()) parts.add(readLines(jsc, jsonl, InputKind.JSONL));
        if (parts.isEmpty()) return jsc.emptyRDD();
        JavaRDD<Doc> all = parts.size() == 1 ? parts.get(0) : jsc.union(parts.toArray(new JavaRDD[0]));
        boolean strict = cfg.strict();
        return all.map(d -> {
            recordsRead.add(1);
            if (DropReason.isDamagedInput(d.dropReason())) {
                if (strict) throw new IllegalStateException("--strict: " + d.detail());
                System.err.println("[prep] WARN " + d.dropReason() + ": " + d.detail());
            }
            return d;
        });
    }

    private static Doc emptyInput(InputFile f) {
        return Doc.dropped(
                f.kind().source(),
                f.path(),
                0,
                "",
                DropReason.EMPTY_INPUT,
                f.path() + " at offset 0: the file is empty (0 bytes)");
    }

    private static List<String> paths(List<InputFile> inputs, InputKind kind) {
        return inputs.stream()
                .filter(f -> f.kind() == kind)
                .map(InputFile::path)
                .collect(Collectors.toList());
    }

    private static Configuration splitConf(JavaSparkContext jsc, long maxSplitBytes) {
        Configuration c = new Configuration(jsc.hadoopConfiguration());
        c.setLong(FileInputFormat.SPLIT_MAXSIZE, maxSplitBytes);
        return c;
    }

    @SuppressWarnings("unchecked")
    private static JavaRDD<Doc> readWiki(JavaSparkContext jsc, List<String> files, PrepConfig cfg) {
        Configuration c = splitConf(jsc, cfg.read().splitBytes());
        JavaNewHadoopRDD<LongWritable, Text> rdd = (JavaNewHadoopRDD<LongWritable, Text>) jsc.newAPIHadoopFile(
                String.join(",", files), WikiXmlInputFormat.class, LongWritable.class, Text.class, c);
        PrepConfig.ReadConfig rc = cfg.read();
        return rdd.mapPartitionsWithInputSplit(
                (split, it) -> {
                    String file = ((FileSplit) split).getPath().toString();
                    return new MappingIterator<>(
                            it,
                            kv -> WikiPageParser.fromRecord(
                                    file, kv._1().get(), kv._2().toString(), rc));
                },
                true);
    }

    private static JavaRDD<Doc> readWeb(JavaSparkContext jsc, List<InputFile> files, PrepConfig cfg) {
        SerializableConf conf = new SerializableConf(jsc.hadoopConfiguration());
        long maxRecord = cfg.read().maxRecordBytes();
        return jsc.parallelize(files, Math.max(1, files.size()))
                .flatMap(f -> new WarcDocumentReader(
                        f.path(), f.kind(), offset -> open(conf.get(), f.path(), offset), maxRecord));
    }

    /** The raw (still compressed) file positioned at {@code offset}: jwarc detects and inflates gzip itself. */
    private static InputStream open(Configuration conf, String file, long offset) {
        try {
            Path p = new Path(file);
            FSDataInputStream in = p.getFileSystem(conf).open(p);
            in.seek(offset);
            CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(p);
            // jwarc handles gzip members itself; other codecs (bz2, zstd) are decompressed here, from the start.
            if (codec != null && !codec.getDefaultExtension().equals(".gz")) return codec.createInputStream(in);
            return in;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static JavaRDD<Doc> readLines(JavaSparkContext jsc, List<String> files, InputKind kind) {
        Configuration c = new Configuration(jsc.hadoopConfiguration());
        JavaNewHadoopRDD<LongWritable, Text> rdd = (JavaNewHadoopRDD<LongWritable, Text>)
                jsc.newAPIHadoopFile(String.join(",", files), TextInputFormat.class, LongWritable.class, Text.class, c);
        return rdd.mapPartitionsWithInputSplit(
                (split, it) -> {
                    String file = ((FileSplit) split).getPath().toString();
                    return new MappingIterator<>(
                            it, kv -> lineDoc(kind, file, kv._1().get(), kv._2().toString()));
                },
                true);
    }

    /** One line of a text or JSONL file; blank lines are documents that the filters drop as empty. */
    static Doc lineDoc(InputKind kind, String file, long offset, String line) {
        if (kind == InputKind.TEXT) return Doc.read(kind.source(), file, offset, "", "", line, false);
        try {
            JsonNode n = Json.MAPPER.readTree(line);
            if (n == null || !n.isObject()) throw new IOException("not a JSON object");
            return Doc.read(
                    kind.source(),
                    file,
                    offset,
                    n.path("title").asText(""),
                    n.path("url").asText(""),
                    n.path("text").asText(""),
                    false);
        } catch (IOException e) {
            return Doc.dropped(
                    kind.source(),
                    file,
                    offset,
                    "",
                    DropReason.READ_ERROR_MALFORMED_JSON,
                    file + " at offset " + offset + ": malformed JSON line: " + e.getMessage());
        }
    }

    /** A lazy map over an iterator (Spark partitions are streamed, never materialised). */
    static final class MappingIterator<A, B> implements Iterator<B> {
        private final Iterator<A> in;
        private final java.util.function.Function<A, B> f;

        MappingIterator(Iterator<A> in, java.util.function.Function<A, B> f) {
            this.in = in;
            this.f = f;
        }

        @Override
        public boolean hasNext() {
            return in.hasNext();
        }

        @Override
        public B next() {
            return f.apply(in.next());
        }
    }
}
