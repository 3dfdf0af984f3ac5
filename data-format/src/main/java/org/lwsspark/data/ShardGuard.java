package org.lwsspark.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.lwsspark.data.manifest.Manifest;
import org.lwsspark.data.manifest.ManifestIO;
import org.lwsspark.data.manifest.OutputLayout;

/**
 * The guard against the paper's token bug (lws-spec section 4: ids written as int32 and read back as uint16, so
 * every token became (t, 0)). The trainer calls it, without Spark, before it trusts a prep output; it refuses data
 * that fails any of these, with an {@link IllegalStateException} naming the file and the reason:
 * <ul>
 *   <li>the manifest exists, says dtype int32 and column input_ids, and its tokenizer's EOS is inside its vocabulary;
 *   <li>the shard files are exactly those the manifest lists (no half-committed run), with the listed row counts;
 *   <li>each shard stores input_ids as a Parquet list of INT32 (not INT64, not raw BYTE_ARRAY);
 *   <li>every row has exactly seq_len + 1 ids, every id is in [0, vocabulary);
 *   <li>EOS occurs, and no single id takes more than {@link #DEFAULT_MAX_ID_SHARE} of the tokens (a mis-decoding
 *       such as the uint16 one gives id 0 half of all positions; in real text the commonest BPE token is under
 *       10%; byte-level vocabularies get {@link #BYTE_LEVEL_MAX_ID_SHARE}).
 * </ul>
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

    private ShardGuard() {
    }

    /** Checks a prep output directory on the local file system; returns its manifest when everything holds. */
    public static Manifest check(java.nio.file.Path dataDir) {
        return check(dataDir.toUri().toString(), new Configuration());
    }

    /** Checks a prep output directory on any Hadoop file system (hdfs://, s3a://, file://). */
    public static Manifest check(String dataDir, Configuration conf) {
        org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(dataDir);
        Manifest m;
        try {
            m = ManifestIO.read(dir, conf);
        } catch (IOException e) {
            throw new IllegalStateException(dataDir + "/manifest.json: unreadable: " + e.getMessage(), e);
        }
        if (m == null) {
            throw new IllegalStateException(dataDir + "/manifest.json: missing: not a prep output, or no run of it "
                    + "has committed");
        }
        checkManifest(m, dataDir + "/manifest.json");
        try {
            FileSystem fs = dir.getFileSystem(conf);
            Set<String> listed = OutputLayout.listedFiles(m);
            for (String split : OutputLayout.SPLITS) {
                org.apache.hadoop.fs.Path d = new org.apache.hadoop.fs.Path(dir, split);
                if (!fs.exists(d)) continue;
                for (FileStatus st : fs.listStatus(d)) {
                    String rel = split + "/" + st.getPath().getName();
                    if (OutputLayout.isDataFile(st.getPath().getName()) && !listed.contains(rel)) {
                        throw new IllegalStateException(st.getPath() + ": not listed in manifest.json: the output "
                                + "of an interrupted run (the next prep run removes it)");
                    }
                }
            }
            TokenStats all = new TokenStats(m);
            for (Manifest.SplitStats s : m.splits().values()) {
                for (Manifest.ShardFile f : s.files()) {
                    checkShard(m, new org.apache.hadoop.fs.Path(dir, f.path()), f.rows(), conf, all);
                }
            }
            all.checkDistribution(dataDir, maxIdShare(m));
        } catch (IOException e) {
            throw new UncheckedIOException(dataDir + ": " + e.getMessage(), e);
        }
        return m;
    }

    /** The manifest's own claims: format, dtype, column, row length, tokenizer. */
    public static void checkManifest(Manifest m, String where) {
        if (!Manifest.DTYPE.equals(m.dtype())) {
            throw new IllegalStateException(where + ": dtype is " + m.dtype() + ", expected " + Manifest.DTYPE);
        }
        if (!Manifest.COLUMN.equals(m.column())) {
            throw new IllegalStateException(where + ": column is " + m.column() + ", expected " + Manifest.COLUMN);
        }
        if (m.tokenizer() == null || m.tokenizer().vocabSize() <= 0) {
            throw new IllegalStateException(where + ": no tokenizer vocabulary recorded");
        }
        if (m.rowLength() != m.seqLen() + 1) {
            throw new IllegalStateException(where + ": row_length " + m.rowLength() + " is not seq_len + 1");
        }
    }

    /** One shard: physical type, row count, and every id (streamed, the file is never loaded whole). */
    static void checkShard(Manifest m, org.apache.hadoop.fs.Path file, long expectedRows, Configuration conf,
                           TokenStats all) throws IOException {
        FileSystem fs = file.getFileSystem(conf);
        if (!fs.exists(file)) throw new IllegalStateException(file + ": listed in manifest.json but missing");
        MessageType schema;
        long rows;
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
            schema = r.getFooter().getFileMetaData().getSchema();
            rows = r.getRecordCount();
        }
        checkSchema(schema, file.toString());
        if (rows != expectedRows) {
            throw new IllegalStateException(file + ": " + rows + " rows, manifest.json says " + expectedRows);
        }
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file).withConf(conf).build()) {
            Iterator<int[]> it = new Iterator<>() {
                Group next = reader.read();

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public int[] next() {
                    int[] row = ids(next);
                    try {
                        next = reader.read();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return row;
                }
            };
            TokenStats st = new TokenStats(m);
            st.add(it, file.toString());
            // One file may hold the middle of one long document (no EOS): EOS is checked over all files, the share
            // of one id per file only when the file is large enough for the share to mean something.
            if (st.total >= MIN_TOKENS_FOR_SHARE) st.checkShare(file.toString(), maxIdShare(m));
            all.merge(st);
        }
    }

    /** input_ids must be a 3-level Parquet LIST whose element is INT32 with no other meaning (not uint16/int8). */
    static void checkSchema(MessageType schema, String where) {
        if (!schema.containsField(Manifest.COLUMN)) {
            throw new IllegalStateException(where + ": no column " + Manifest.COLUMN + " (schema " + schema + ")");
        }
        Type col = schema.getType(Manifest.COLUMN);
        Type leaf = col;
        while (!leaf.isPrimitive()) {
            GroupType g = leaf.asGroupType();
            if (g.getFieldCount() != 1) break;
            leaf = g.getType(0);
        }
        if (col.isPrimitive() || !leaf.isPrimitive()) {
            throw new IllegalStateException(where + ": " + Manifest.COLUMN + " is " + col
                    + ", expected a list of int32 (dtype " + Manifest.DTYPE + ")");
        }
        PrimitiveType p = leaf.asPrimitiveType();
        boolean plainInt32 = p.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT32
                && (p.getLogicalTypeAnnotation() == null
                || p.getLogicalTypeAnnotation().equals(org.apache.parquet.schema.LogicalTypeAnnotation.intType(32, true)));
        if (!plainInt32) {
            throw new IllegalStateException(where + ": " + Manifest.COLUMN + " elements are stored as "
                    + p.getPrimitiveTypeName() + (p.getLogicalTypeAnnotation() == null ? ""
                    : " " + p.getLogicalTypeAnnotation()) + ", but the manifest's dtype is " + Manifest.DTYPE
                    + ": refusing data that would be decoded as something else (lws-spec section 4)");
        }
    }

    private static int[] ids(Group row) {
        Group list = row.getGroup(Manifest.COLUMN, 0);
        int n = list.getFieldRepetitionCount(0);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = list.getGroup(0, i).getInteger(0, 0);
        return ids;
    }

    /**
     * Checks rows of token ids against the manifest: length, range, EOS presence, and the largest share of one id.
     * The trainer may call it on the rows it reads.
     */
    public static void checkRows(Manifest m, Iterator<int[]> rows, String where, double maxIdShare) {
        TokenStats st = new TokenStats(m);
        st.add(rows, where);
        st.checkDistribution(where, maxIdShare);
    }

    /** Files smaller than this are not judged alone by the share of their commonest id. */
    static final long MIN_TOKENS_FOR_SHARE = 100_000;

    /** Row length and id range, checked row by row, and the id histogram for the distribution checks. */
    static final class TokenStats {
        private final Manifest m;
        private final long[] hist;
        private long total;

        TokenStats(Manifest m) {
            this.m = m;
            this.hist = new long[m.tokenizer().vocabSize()];
        }

        void add(Iterator<int[]> rows, String where) {
            int vocab = hist.length;
            long n = 0;
            while (rows.hasNext()) {
                int[] r = rows.next();
                if (r.length != m.rowLength()) {
                    throw new IllegalStateException(where + ": row " + n + " has " + r.length + " ids, expected "
                            + m.rowLength() + " (seq_len + 1)");
                }
                for (int id : r) {
                    if (id < 0 || id >= vocab) {
                        throw new IllegalStateException(where + ": row " + n + " holds id " + id
                                + " outside the vocabulary [0, " + vocab + ") of " + m.tokenizer().name());
                    }
                    hist[id]++;
                }
                total += r.length;
                n++;
            }
        }

        void merge(TokenStats o) {
            for (int i = 0; i < hist.length; i++) hist[i] += o.hist[i];
            total += o.total;
        }

        void checkDistribution(String where, double maxIdShare) {
            if (total == 0) return;
            int eos = m.tokenizer().eosId();
            if (hist[eos] == 0) {
                throw new IllegalStateException(where + ": EOS id " + eos + " never occurs in " + total
                        + " tokens: documents were not separated, or the ids are mis-decoded");
            }
            checkShare(where, maxIdShare);
        }

        void checkShare(String where, double maxIdShare) {
            int top = 0;
            for (int i = 1; i < hist.length; i++) if (hist[i] > hist[top]) top = i;
            double share = hist[top] / (double) total;
            if (share > maxIdShare) {
                throw new IllegalStateException(String.format(java.util.Locale.ROOT,
                        "%s: id %d makes up %.1f%% of %d tokens (limit %.0f%%): the ids look mis-decoded "
                                + "(an int32 file read as uint16 makes every second id 0; lws-spec section 4)",
                        where, top, 100 * share, total, 100 * maxIdShare));
            }
        }
    }

    /** The same check on an in-memory list of rows, with the limit for the manifest's vocabulary. */
    public static void checkRows(Manifest m, List<int[]> rows, String where) {
        checkRows(m, new ArrayList<>(rows).iterator(), where, maxIdShare(m));
    }

    /** {@link #BYTE_LEVEL_MAX_ID_SHARE} for byte-level vocabularies, else {@link #DEFAULT_MAX_ID_SHARE}. */
    public static double maxIdShare(Manifest m) {
        return m.tokenizer().vocabSize() < 1024 ? BYTE_LEVEL_MAX_ID_SHARE : DEFAULT_MAX_ID_SHARE;
    }
}
