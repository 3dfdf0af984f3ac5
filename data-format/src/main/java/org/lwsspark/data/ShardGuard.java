package org.lwsspark.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.lwsspark.data.manifest.Manifest;
import org.lwsspark.data.manifest.ManifestIO;
import org.lwsspark.data.manifest.OutputLayout;
import org.lwsspark.data.parquet.IdFile;

/**
 * The guard against the paper's token bug (docs/method.md, "The bug not to repeat": ids written as int32 and read back as uint16, so
 * every token became (t, 0)). {@link TokenShards#open} runs it, without Spark, before anything trusts a prep output;
 * it refuses data that fails any of these, with an {@link IllegalStateException} whose one line names the file (and
 * the row where there is one) and the reason:
 * <ul>
 *   <li><b>manifest</b>: {@code manifest.json} exists and parses (a field of the wrong type, or a tokenizer whose
 *       {@code eos_id} is not inside {@code [0, vocab_size)}, is named with its field); {@code format} is
 *       {@value Manifest#FORMAT}, {@code dtype} {@value Manifest#DTYPE}, {@code column} {@value Manifest#COLUMN},
 *       {@code seq_len} positive and {@code row_length = seq_len + 1}; the splits are train and val, each listing
 *       {@code SPLIT/part-*} files whose row counts add up to the split's {@code rows}, with
 *       {@code tokens = rows * row_length};
 *   <li><b>listing</b>: the part files in train/ and val/ are exactly those the manifest lists: an unlisted one is the
 *       output of an interrupted run, a missing one a damaged copy;
 *   <li><b>each shard</b>: input_ids is a Parquet list of INT32 with no narrower or unsigned annotation (not INT64,
 *       not raw bytes); the footer's row count is the listed one; every row holds exactly {@code row_length} ids,
 *       none null; every id is in {@code [0, vocab_size)} (every id of every file is read);
 *   <li><b>distribution</b>: no single id takes more than {@link #DEFAULT_MAX_ID_SHARE} of the tokens
 *       ({@link #BYTE_LEVEL_MAX_ID_SHARE} for byte-level vocabularies), judged in every file that holds at least
 *       {@link #MIN_TOKENS_FOR_SHARE} tokens, and always over all shards together; and EOS occurs over all shards
 *       together (one file may hold the middle of a single long document).
 * </ul>
 * Why a minimum for the per-file share: a mis-decoding is a property of a whole file, while a few dozen tokens can
 * be one line of one document, whose commonest id (newlines in a list, the Cyrillic lead byte at the bytes
 * tokenizer) says nothing about the decoding. From {@value #MIN_TOKENS_FOR_SHARE} tokens on, no stretch of real prep
 * output comes near the limits (measured, see the constant), while the uint16 pattern puts id 0 at 50% however
 * small the file: so every file of at least one row at seq_len 1024 is judged alone, and smaller files in the total.
 */
public final class ShardGuard {
    /**
     * The largest share of all tokens that one id may take with a BPE vocabulary: in real text the commonest GPT-2
     * token (',', ' the') is ~4%; the uint16 mis-decoding gives id 0 50%.
     */
    public static final double DEFAULT_MAX_ID_SHARE = 0.25;
    /**
     * The same limit for byte-level vocabularies (under 1024 ids), where one byte is common by nature: ' ' is ~15%
     * of English, and the UTF-8 lead byte 0xD0 measured 31.5% of Russian and Bulgarian Wikipedia text.
     */
    public static final double BYTE_LEVEL_MAX_ID_SHARE = 0.45;
    /**
     * Files with fewer tokens are judged by the share of their commonest id only together with the others. Measured
     * on prep outputs of every fixture (all languages, r50k_base and bytes, rows of 256): the largest share of one
     * id in any 4 consecutive rows (1,024 tokens) was 11.8% (r50k_base) and 35.0% (bytes, 0xD0 in Russian), against
     * the limits of 25% and 45%; in any 128 consecutive tokens it reached 23% and 42%, in 64 tokens 42% and 48%.
     */
    public static final long MIN_TOKENS_FOR_SHARE = 1_024;

    private ShardGuard() {}

    /** Checks a prep output directory on the local file system; returns its manifest when everything holds. */
    public static Manifest check(java.nio.file.Path dataDir) {
        return check(dataDir.toUri().toString(), new Configuration());
    }

    /** Checks a prep output directory on any Hadoop file system (hdfs://, s3a://, file://). */
    public static Manifest check(String dataDir, Configuration conf) {
        Path dir = new Path(dataDir);
        try {
            return check(dir, ManifestIO.readBytes(dir, conf), conf);
        } catch (IOException e) {
            throw new UncheckedIOException(dataDir + "/" + Manifest.FILE_NAME + ": unreadable: " + e.getMessage(), e);
        }
    }

    /** The check of {@code dir} whose manifest is {@code json} (null: none), as read once by the caller. */
    static Manifest check(Path dir, byte[] json, Configuration conf) {
        String where = new Path(dir, Manifest.FILE_NAME).toString();
        if (json == null) {
            throw new IllegalStateException(where + ": missing: not a prep output, or no run of it has committed");
        }
        Manifest m = ManifestIO.parse(json, where);
        checkManifest(m, where);
        try {
            FileSystem fs = dir.getFileSystem(conf);
            checkListing(m, dir, fs);
            List<Manifest.ShardFile> files = new ArrayList<>();
            for (String split : OutputLayout.SPLITS) {
                Manifest.SplitStats s = m.splits().get(split);
                if (s != null) files.addAll(s.files());
            }
            // Files are independent: they are scanned in parallel (the common fork-join pool), the counts merged as
            // each one ends, and of several refusals the one of the first file in manifest order is reported.
            IdHistogram all =
                    new IdHistogram(m.tokenizer().vocabSize(), m.tokenizer().name());
            RuntimeException[] refusals = new RuntimeException[files.size()];
            IntStream.range(0, files.size()).parallel().forEach(i -> {
                try {
                    IdHistogram h = checkShard(
                            m, new Path(dir, files.get(i).path()), files.get(i).rows(), fs, conf);
                    synchronized (all) {
                        all.addAll(h);
                    }
                } catch (IOException e) {
                    refusals[i] =
                            new UncheckedIOException(dir + "/" + files.get(i).path() + ": " + e.getMessage(), e);
                } catch (RuntimeException e) {
                    refusals[i] = e;
                }
            });
            for (RuntimeException e : refusals) if (e != null) throw e;
            String together = dir + " (all " + files.size() + " shards together)";
            all.requireEos(m.tokenizer().eosId(), together);
            all.requireShare(maxIdShare(m), together);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
        }
        return m;
    }

    /** The manifest's own claims; {@code where} names it in messages. */
    private static void checkManifest(Manifest m, String where) {
        if (!Manifest.FORMAT.equals(m.format())) {
            throw new IllegalStateException(where + ": format is " + m.format() + ", expected " + Manifest.FORMAT);
        }
        if (!Manifest.DTYPE.equals(m.dtype())) {
            throw new IllegalStateException(where + ": dtype is " + m.dtype() + ", expected " + Manifest.DTYPE);
        }
        if (!Manifest.COLUMN.equals(m.column())) {
            throw new IllegalStateException(where + ": column is " + m.column() + ", expected " + Manifest.COLUMN);
        }
        if (m.tokenizer() == null) throw new IllegalStateException(where + ": no tokenizer recorded");
        if (m.seqLen() < 1) throw new IllegalStateException(where + ": seq_len " + m.seqLen() + " is not positive");
        if (m.rowLength() != m.seqLen() + 1) {
            throw new IllegalStateException(
                    where + ": row_length " + m.rowLength() + " is not seq_len + 1 (" + (m.seqLen() + 1) + ")");
        }
        if (m.splits() == null) throw new IllegalStateException(where + ": no splits recorded");
        for (Map.Entry<String, Manifest.SplitStats> e : m.splits().entrySet()) {
            String split = e.getKey();
            String field = "splits." + split;
            if (!OutputLayout.SPLITS.contains(split)) {
                throw new IllegalStateException(where + ": unknown split '" + split + "' (expected "
                        + String.join(", ", OutputLayout.SPLITS) + ")");
            }
            Manifest.SplitStats s = e.getValue();
            if (s == null || s.files() == null) {
                throw new IllegalStateException(where + ": " + field + " lists no files");
            }
            long rows = 0;
            for (Manifest.ShardFile f : s.files()) {
                String name =
                        f.path() == null ? "" : f.path().substring(f.path().indexOf('/') + 1);
                if (f.path() == null
                        || !f.path().equals(split + "/" + name)
                        || !OutputLayout.isDataFile(name)
                        || name.contains("/")) {
                    throw new IllegalStateException(
                            where + ": " + field + " lists '" + f.path() + "', not a " + split + "/part-* file");
                }
                if (f.rows() < 0) {
                    throw new IllegalStateException(where + ": " + f.path() + " has a negative row count");
                }
                rows += f.rows();
            }
            if (rows != s.rows()) {
                throw new IllegalStateException(
                        where + ": " + field + ".rows is " + s.rows() + " but its files " + "hold " + rows + " rows");
            }
            if (s.tokens() != s.rows() * m.rowLength()) {
                throw new IllegalStateException(where + ": " + field + ".tokens is " + s.tokens() + ", not rows * "
                        + "row_length = " + s.rows() * m.rowLength());
            }
        }
    }

    /** The part files of train/ and val/ are exactly the listed ones. */
    private static void checkListing(Manifest m, Path dir, FileSystem fs) throws IOException {
        Set<String> listed = OutputLayout.listedFiles(m);
        for (String split : OutputLayout.SPLITS) {
            Path d = new Path(dir, split);
            if (!fs.exists(d)) continue;
            for (FileStatus st : fs.listStatus(d)) {
                String name = st.getPath().getName();
                if (OutputLayout.isDataFile(name) && !listed.contains(split + "/" + name)) {
                    throw new IllegalStateException(st.getPath() + ": not listed in " + Manifest.FILE_NAME
                            + ": the output of an interrupted run (the next prep run removes it)");
                }
            }
        }
    }

    /** One shard: schema, row count, then every id, streamed (the file is never loaded whole). */
    private static IdHistogram checkShard(Manifest m, Path file, long listedRows, FileSystem fs, Configuration conf)
            throws IOException {
        String where = file.toString();
        if (!fs.exists(file)) {
            throw new IllegalStateException(where + ": listed in " + Manifest.FILE_NAME + " but missing");
        }
        IdHistogram h = new IdHistogram(m.tokenizer().vocabSize(), m.tokenizer().name());
        try (IdFile f = IdFile.open(where, conf)) {
            if (f.rows() != listedRows) {
                throw new IllegalStateException(
                        where + ": " + f.rows() + " rows, " + Manifest.FILE_NAME + " says " + listedRows);
            }
            f.scan(m.rowLength(), (row, ids) -> h.add(ids, where, row));
        }
        if (h.total() >= MIN_TOKENS_FOR_SHARE) h.requireShare(maxIdShare(m), where);
        return h;
    }

    /** {@link #BYTE_LEVEL_MAX_ID_SHARE} for byte-level vocabularies, else {@link #DEFAULT_MAX_ID_SHARE}. */
    private static double maxIdShare(Manifest m) {
        return m.tokenizer().vocabSize() < 1024 ? BYTE_LEVEL_MAX_ID_SHARE : DEFAULT_MAX_ID_SHARE;
    }
}
