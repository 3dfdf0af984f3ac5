package org.lwsspark.prep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwsspark.common.Json;
import org.lwsspark.data.ShardGuard;
import org.lwsspark.data.manifest.Manifest;
import org.lwsspark.data.manifest.ManifestIO;

/**
 * Every check of {@link ShardGuard}'s Javadoc, each on a tampered copy of a real prep output
 * ({@link PrepOutputs#fixtures}: r50k_base, rows of 65 ids): the shards are rewritten with Spark as prep writes
 * them, the manifest edited as JSON, and the guard must refuse with one line naming the file (and the row) and the
 * reason.
 */
class ShardGuardTest {
    private static final int ROW_LENGTH = PrepOutputs.SEQ_LEN + 1;
    private static final int VOCAB = 50257;
    private static SparkSession spark;
    private static Path out;
    private static Manifest manifest;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void prepare() throws Exception {
        out = PrepOutputs.fixtures().out();
        spark = SparkTestSupport.session();
        manifest = ShardGuard.check(out);
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }

    @Test
    void acceptsTheUntouchedOutput() throws IOException {
        assertEquals(ManifestIO.read(hadoop(out), new org.apache.hadoop.conf.Configuration()), manifest);
        assertTrue(manifest.splits().get("train").files().size() >= 2, "several files: " + manifest.splits());
    }

    // --- the manifest ---

    @Test
    void formatMustBeLwsPrep1() throws IOException {
        Path c = copy("format");
        editManifest(c, m -> m.put("format", "lws-prep/2"));
        refused(c, "manifest.json: format is lws-prep/2, expected lws-prep/1");
    }

    @Test
    void eosMustBeInsideTheVocabularyAndTheMessageIsOneLineNotJackson() throws IOException {
        Path c = copy("eos");
        editManifest(c, m -> ((ObjectNode) m.get("tokenizer")).put("eos_id", VOCAB));
        String msg = refused(
                c,
                "manifest.json: not a valid manifest: field tokenizer: eos_id 50257 is outside the "
                        + "vocabulary [0, 50257) given by vocab_size");
        assertFalse(msg.contains("\n") || msg.contains("jackson") || msg.contains("org.lwsspark"), msg);
    }

    @Test
    void aFieldOfTheWrongTypeIsNamed() throws IOException {
        Path c = copy("type");
        editManifest(c, m -> m.put("seq_len", "sixty-four"));
        refused(c, "manifest.json: not a valid manifest: field seq_len: ");
    }

    @Test
    void dtypeColumnAndRowLengthAreTheContract() throws IOException {
        Path a = copy("dtype");
        editManifest(a, m -> m.put("dtype", "uint16"));
        refused(a, "manifest.json: dtype is uint16, expected int32");
        Path b = copy("column");
        editManifest(b, m -> m.put("column", "tokens"));
        refused(b, "manifest.json: column is tokens, expected input_ids");
        Path c = copy("row-length");
        editManifest(c, m -> m.put("row_length", 64));
        refused(c, "manifest.json: row_length 64 is not seq_len + 1 (65)");
    }

    @Test
    void eosThatNeverOccursIsRefused() throws IOException {
        Path c = copy("eos-absent"); // a manifest recording another tokenizer's EOS than the one packing used
        editManifest(c, m -> ((ObjectNode) m.get("tokenizer")).put("eos_id", 50255));
        refused(c, "(all " + fileCount() + " shards together): EOS id 50255 never occurs in");
    }

    @Test
    void listedPathsStayInTheirSplit() throws IOException {
        Path c = copy("path");
        editManifest(c, m -> ((ObjectNode) files(m, "train").get(0)).put("path", "train/../documents/x.parquet"));
        refused(c, "manifest.json: splits.train lists 'train/../documents/x.parquet', not a train/part-* file");
    }

    // --- the listing ---

    @Test
    void anUnlistedPartFileIsRefused() throws IOException {
        Path c = copy("unlisted");
        Files.copy(c.resolve(firstTrainFile()), c.resolve("train/part-99999-unlisted.parquet"));
        refused(c, "train/part-99999-unlisted.parquet: not listed in manifest.json: the output of an interrupted run");
    }

    @Test
    void aListedFileThatIsMissingIsRefused() throws IOException {
        Path c = copy("missing");
        Files.delete(c.resolve(firstTrainFile()));
        refused(c, firstTrainFile() + ": listed in manifest.json but missing");
    }

    // --- each shard ---

    @Test
    void idsMustBeInt32NotInt64NorNarrower() throws IOException {
        List<int[]> rows = rows(firstTrainFile());
        Path a = copy("int64");
        replaceShard(
                a,
                firstTrainFile(),
                rows.stream()
                        .map(r -> (Object) Arrays.stream(r).asLongStream().toArray())
                        .toList(),
                DataTypes.LongType);
        refused(a, firstTrainFile() + ": input_ids elements are stored as INT64, but the manifest's dtype is int32");
        // Spark stores a short as INT32 annotated INTEGER(16,true): an int32 physical type that means something else.
        Path b = copy("int16");
        replaceShard(
                b,
                firstTrainFile(),
                rows.stream()
                        .map(r -> {
                            short[] s = new short[r.length];
                            for (int i = 0; i < r.length; i++) s[i] = (short) r[i];
                            return (Object) s;
                        })
                        .toList(),
                DataTypes.ShortType);
        refused(
                b,
                firstTrainFile() + ": input_ids elements are stored as INT32 INTEGER(16,true), but the manifest's "
                        + "dtype is int32");
    }

    @Test
    void rowCountsMustBeTheManifests() throws IOException {
        long rows = manifest.splits().get("train").files().get(0).rows();
        Path a = copy("file-rows"); // the file's count and the split's total both say one more row
        editManifest(a, m -> {
            ((ObjectNode) files(m, "train").get(0)).put("rows", rows + 1);
            ObjectNode train = (ObjectNode) m.get("splits").get("train");
            train.put("rows", train.get("rows").asLong() + 1);
            train.put("tokens", train.get("tokens").asLong() + ROW_LENGTH);
        });
        refused(a, firstTrainFile() + ": " + rows + " rows, manifest.json says " + (rows + 1));
        Path b = copy("split-rows");
        editManifest(b, m -> ((ObjectNode) m.get("splits").get("train")).put("rows", 1));
        refused(
                b,
                "manifest.json: splits.train.rows is 1 but its files hold "
                        + manifest.splits().get("train").rows() + " rows");
    }

    @Test
    void everyRowHasRowLengthIds() throws IOException {
        List<int[]> rows = new ArrayList<>(rows(firstTrainFile()));
        rows.set(3, Arrays.copyOf(rows.get(3), ROW_LENGTH - 1));
        Path c = copy("short-row");
        replaceShard(c, firstTrainFile(), rows, DataTypes.IntegerType);
        refused(c, firstTrainFile() + ": row 3 has 64 ids, expected 65 (seq_len + 1)");
    }

    @Test
    void everyIdIsInsideTheVocabulary() throws IOException {
        List<int[]> rows = rows(firstTrainFile());
        rows.get(5)[7] = VOCAB;
        Path c = copy("id-range");
        replaceShard(c, firstTrainFile(), rows, DataTypes.IntegerType);
        refused(
                c,
                firstTrainFile() + ": row 5 holds id 50257 at position 7, outside the vocabulary [0, 50257) of "
                        + "r50k_base");
    }

    // --- the distribution ---

    /**
     * The paper's bug in one small file: its int32 ids seen as uint16 pairs (t, 0), packed into rows again, the
     * manifest's counts made to match. All shards together stay under the limit; the file alone does not.
     */
    @Test
    void aMisDecodedSmallFileIsCaught() throws IOException {
        String victim = manifest.splits().get("train").files().stream()
                .filter(f -> f.rows() * ROW_LENGTH * 2 >= ShardGuard.MIN_TOKENS_FOR_SHARE)
                .min(Comparator.comparingLong(Manifest.ShardFile::rows))
                .orElseThrow()
                .path();
        List<int[]> rows = rows(victim);
        List<Integer> halves = new ArrayList<>();
        for (int[] r : rows)
            for (int id : r) {
                halves.add(id & 0xffff);
                halves.add(id >>> 16);
            }
        List<Object> misread = new ArrayList<>();
        for (int i = 0; i + ROW_LENGTH <= halves.size(); i += ROW_LENGTH) {
            misread.add(halves.subList(i, i + ROW_LENGTH).stream()
                    .mapToInt(Integer::intValue)
                    .toArray());
        }
        long tokens = (long) misread.size() * ROW_LENGTH;
        long all = manifest.splits().values().stream()
                .mapToLong(Manifest.SplitStats::tokens)
                .sum();
        assertTrue(tokens >= ShardGuard.MIN_TOKENS_FOR_SHARE && tokens < 100_000, tokens + " tokens");
        assertTrue(
                tokens / 2.0 / (all + tokens / 2.0) < ShardGuard.DEFAULT_MAX_ID_SHARE,
                "over all shards, id 0 stays under the limit: only the per-file rule catches it");
        Path c = copy("uint16");
        replaceShard(c, victim, misread, DataTypes.IntegerType);
        setRows(c, victim, misread.size());
        String msg = refused(c, victim + ": id 0 makes up");
        assertTrue(msg.contains("mis-decoded"), msg);
    }

    /**
     * A small honest file is not judged alone: the stretch of 65 real packed tokens whose commonest id has the
     * largest share (newlines of a list), as a one-row file, passes; the same row repeated past
     * {@link ShardGuard#MIN_TOKENS_FOR_SHARE} tokens is refused. Which stretches the packing puts together depends
     * on where the inputs live (their paths are part of the packing order): where no stretch of this checkout's
     * output exceeds the limit, the worst one is made list-like, more of its tokens turned into its commonest id.
     */
    @Test
    void aSmallHonestFileIsJudgedOnlyWithTheOthers() throws IOException {
        int[] worst = null;
        double worstShare = 0;
        for (Manifest.ShardFile f : manifest.splits().get("train").files()) {
            int[] stream = rows(f.path()).stream().flatMapToInt(Arrays::stream).toArray();
            for (int i = 0; i + ROW_LENGTH <= stream.length; i++) {
                int[] window = Arrays.copyOfRange(stream, i, i + ROW_LENGTH);
                double s = topShare(window);
                if (s > worstShare) {
                    worstShare = s;
                    worst = window;
                }
            }
        }
        int top = topId(worst);
        for (int i = 0; i < worst.length && topShare(worst) <= ShardGuard.DEFAULT_MAX_ID_SHARE; i++) {
            worst[i] = top;
        }
        assertTrue(topShare(worst) > ShardGuard.DEFAULT_MAX_ID_SHARE, "65 tokens above the limit: " + topShare(worst));
        String victim = manifest.splits().get("val").files().get(0).path();
        Path small = copy("small-honest");
        replaceShard(small, victim, List.of((Object) worst), DataTypes.IntegerType);
        setRows(small, victim, 1);
        ShardGuard.check(small);

        int copies = (int) (ShardGuard.MIN_TOKENS_FOR_SHARE / ROW_LENGTH + 1);
        List<Object> repeated = new ArrayList<>();
        for (int i = 0; i < copies; i++) repeated.add(worst);
        Path large = copy("large-repeated");
        replaceShard(large, victim, repeated, DataTypes.IntegerType);
        setRows(large, victim, copies);
        refused(large, victim + ": id ");
    }

    // --- helpers ---

    private static String refused(Path dir, String expected) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ShardGuard.check(dir));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        return e.getMessage();
    }

    private static Path copy(String name) throws IOException {
        return PrepOutputs.copy(out, tmp.resolve(name));
    }

    private static String firstTrainFile() {
        return manifest.splits().get("train").files().get(0).path();
    }

    private static int fileCount() {
        return manifest.splits().values().stream()
                .mapToInt(s -> s.files().size())
                .sum();
    }

    /** A shard's rows as Spark reads them. */
    private static List<int[]> rows(String relative) {
        return spark.read().parquet(out.resolve(relative).toString()).collectAsList().stream()
                .map(r -> r.<Integer>getList(0).stream()
                        .mapToInt(Integer::intValue)
                        .toArray())
                .toList();
    }

    /** Puts {@code rows} (primitive arrays of {@code element}) in place of a shard, written as prep writes. */
    private static void replaceShard(Path dir, String relative, List<?> rows, DataType element) throws IOException {
        Path written = tmp.resolve("spark-" + System.nanoTime());
        List<Row> r = rows.stream().map(x -> RowFactory.create(x)).toList();
        spark.createDataFrame(r, new StructType().add("input_ids", DataTypes.createArrayType(element, false), false))
                .coalesce(1)
                .write()
                .option("compression", "zstd")
                .option("parquet.enable.dictionary", "false")
                .parquet(written.toString());
        Path part;
        try (Stream<Path> s = Files.list(written)) {
            part = s.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .findFirst()
                    .orElseThrow();
        }
        Files.copy(part, dir.resolve(relative), StandardCopyOption.REPLACE_EXISTING);
        deleteChecksum(dir.resolve(relative));
    }

    /** A shard's row count in the manifest, and its split's rows and tokens with it. */
    private static void setRows(Path dir, String relative, long rows) throws IOException {
        editManifest(dir, m -> {
            String split = relative.substring(0, relative.indexOf('/'));
            ObjectNode s = (ObjectNode) m.get("splits").get(split);
            long total = 0;
            for (var f : files(m, split)) {
                if (f.get("path").asText().equals(relative)) ((ObjectNode) f).put("rows", rows);
                total += f.get("rows").asLong();
            }
            s.put("rows", total);
            s.put("tokens", total * ROW_LENGTH);
        });
    }

    private static void editManifest(Path dir, Consumer<ObjectNode> edit) throws IOException {
        Path f = dir.resolve(Manifest.FILE_NAME);
        ObjectNode m = (ObjectNode) Json.MAPPER.readTree(f.toFile());
        edit.accept(m);
        Json.MAPPER.writeValue(f.toFile(), m);
        deleteChecksum(f);
    }

    private static ArrayNode files(ObjectNode m, String split) {
        return (ArrayNode) m.get("splits").get(split).get("files");
    }

    /** Hadoop's local file system verifies .NAME.crc when it exists: a rewritten file must lose it. */
    private static void deleteChecksum(Path file) throws IOException {
        Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
    }

    private static double topShare(int[] row) {
        return counts(row)[topId(row)] / (double) row.length;
    }

    private static int topId(int[] row) {
        int[] counts = counts(row);
        int top = 0;
        for (int id = 1; id < counts.length; id++) if (counts[id] > counts[top]) top = id;
        return top;
    }

    private static int[] counts(int[] row) {
        int[] counts = new int[VOCAB];
        for (int id : row) counts[id]++;
        return counts;
    }

    private static org.apache.hadoop.fs.Path hadoop(Path p) {
        return new org.apache.hadoop.fs.Path(p.toUri());
    }
}
