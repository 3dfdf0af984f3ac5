package org.lwsspark.prep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwsspark.data.Shard;
import org.lwsspark.data.ShardReader;
import org.lwsspark.data.TokenShards;
import org.lwsspark.data.manifest.Manifest;
import org.lwsspark.data.manifest.ManifestIO;

/** {@link TokenShards} and {@link ShardReader} on a real prep output, against Spark's reading of the same files. */
class TokenShardsTest {
    private static final Configuration CONF = new Configuration();
    private static SparkSession spark;
    private static Path out;
    private static TokenShards shards;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void open() throws Exception {
        out = PrepOutputs.fixtures().out();
        spark = SparkTestSupport.session();
        shards = TokenShards.open(out.toUri().toString(), CONF);
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }

    @Test
    void theManifestItsFingerprintAndTheShardsInManifestOrder() throws Exception {
        Manifest m = ManifestIO.read(new org.apache.hadoop.fs.Path(out.toUri()), CONF);
        assertEquals(m, shards.manifest());
        byte[] json = Files.readAllBytes(out.resolve(Manifest.FILE_NAME));
        assertEquals(
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json)), shards.fingerprint());
        assertEquals(PrepOutputs.SEQ_LEN + 1, shards.rowLength());
        for (String split : List.of("train", "val")) {
            List<Manifest.ShardFile> files = m.splits().get(split).files();
            List<Shard> s = shards.shards(split);
            assertEquals(files.size(), s.size());
            for (int i = 0; i < files.size(); i++) {
                assertTrue(
                        s.get(i).uri().startsWith("file:/")
                                && s.get(i).uri().endsWith("/" + files.get(i).path()),
                        s.get(i).uri());
                assertEquals(files.get(i).rows(), s.get(i).rows());
            }
            assertEquals(m.splits().get(split).rows(), shards.rows(split));
        }
        assertEquals(
                shards.fingerprint(), TokenShards.open(out.toString(), CONF).fingerprint(), "a plain path too");
        assertThrows(IllegalArgumentException.class, () -> shards.shards("test"));
    }

    @Test
    void everyShardReadsAsSparkReadsIt() {
        for (String split : List.of("train", "val")) {
            for (Shard s : shards.shards(split)) {
                List<int[]> expected = spark.read().parquet(s.uri()).collectAsList().stream()
                        .map(r -> r.<Integer>getList(0).stream()
                                .mapToInt(Integer::intValue)
                                .toArray())
                        .toList();
                int[][] all = ShardReader.read(s, 0, (int) s.rows(), shards.rowLength(), CONF);
                for (int k = 0; k < expected.size(); k++) assertArrayEquals(expected.get(k), all[k], s.uri());
                int mid = (int) s.rows() / 2;
                int[][] span = ShardReader.read(s, mid, (int) s.rows() - mid, shards.rowLength(), CONF);
                assertArrayEquals(expected.get(mid), span[0]);
            }
        }
    }

    @Test
    void travelsToExecutors() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
            o.writeObject(shards);
        }
        TokenShards back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (TokenShards) in.readObject();
        }
        assertEquals(shards.manifest(), back.manifest());
        assertEquals(shards.fingerprint(), back.fingerprint());
        assertEquals(shards.shards("train"), back.shards("train"));
    }

    @Test
    void aMissingDirectoryAndARefusedOneAreTold() throws Exception {
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class,
                () -> TokenShards.open(tmp.resolve("nowhere").toString(), CONF));
        assertTrue(missing.getMessage().endsWith("nowhere: no such directory"), missing.getMessage());
        IllegalStateException empty =
                assertThrows(IllegalStateException.class, () -> TokenShards.open(tmp.toString(), CONF));
        assertTrue(
                empty.getMessage()
                        .endsWith("manifest.json: missing: not a prep output, or no run of it has " + "committed"),
                empty.getMessage());
        Path c = PrepOutputs.copy(out, tmp.resolve("unlisted"));
        String victim = shards.manifest().splits().get("train").files().get(0).path();
        Files.copy(c.resolve(victim), c.resolve("train/part-99999-unlisted.parquet"));
        IllegalStateException refused =
                assertThrows(IllegalStateException.class, () -> TokenShards.open(c.toString(), CONF));
        assertTrue(refused.getMessage().contains("part-99999-unlisted.parquet: not listed"), refused.getMessage());
    }
}
