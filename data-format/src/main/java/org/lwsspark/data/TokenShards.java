package org.lwsspark.data;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.lwsspark.common.Sha256;
import org.lwsspark.data.manifest.Manifest;
import org.lwsspark.data.manifest.ManifestIO;
import org.lwsspark.data.manifest.OutputLayout;

/**
 * A prep output directory opened for training or evaluation: its manifest, checked by {@link ShardGuard} (always,
 * before anything is returned), and its shards per split with absolute URIs, in manifest order. The manifest is read
 * once: the fingerprint, the guard and the shard list all come from the same bytes, so a prep run that commits
 * while this opens cannot mix two manifests. Serializable, to travel to executors with the job.
 */
public final class TokenShards implements Serializable {
    private final Manifest manifest;
    private final String fingerprint;
    private final Map<String, List<Shard>> shards;

    private TokenShards(Manifest manifest, String fingerprint, Map<String, List<Shard>> shards) {
        this.manifest = manifest;
        this.fingerprint = fingerprint;
        this.shards = shards;
    }

    /**
     * Opens a prep output directory (file://, hdfs://, s3a:// or a local path) through the Hadoop FileSystem API.
     *
     * @throws IllegalArgumentException the directory does not exist
     * @throws IllegalStateException    the guard refuses the data (the message names the file and the reason)
     * @throws UncheckedIOException     the file system failed
     */
    public static TokenShards open(String dataDir, Configuration conf) {
        try {
            Path given = new Path(dataDir);
            FileSystem fs = given.getFileSystem(conf);
            FileStatus st;
            try {
                st = fs.getFileStatus(given);
            } catch (java.io.FileNotFoundException e) {
                throw new IllegalArgumentException(dataDir + ": no such directory");
            }
            if (!st.isDirectory()) throw new IllegalArgumentException(dataDir + ": not a directory");
            Path dir = fs.makeQualified(given);
            byte[] json = ManifestIO.readBytes(dir, conf);
            Manifest m = ShardGuard.check(dir, json, conf);
            Map<String, List<Shard>> shards = new LinkedHashMap<>();
            for (String split : OutputLayout.SPLITS) {
                Manifest.SplitStats s = m.splits().get(split);
                shards.put(
                        split,
                        s == null
                                ? List.of()
                                : s.files().stream()
                                        .map(f -> new Shard(
                                                new Path(dir, f.path()).toUri().toString(), f.rows()))
                                        .toList());
            }
            return new TokenShards(m, Sha256.hex(json), Map.copyOf(shards));
        } catch (IOException e) {
            throw new UncheckedIOException(dataDir + ": " + e.getMessage(), e);
        }
    }

    public Manifest manifest() {
        return manifest;
    }

    /** SHA-256 (hex) of manifest.json's bytes: what a run records to say which data it trained on. */
    public String fingerprint() {
        return fingerprint;
    }

    /** Ids per row: seq_len + 1 (the inputs and the targets shifted by one). */
    public int rowLength() {
        return manifest.rowLength();
    }

    /** The shards of "train" or "val" in manifest order (empty when the split has none). */
    public List<Shard> shards(String split) {
        List<Shard> s = shards.get(split);
        if (s == null) {
            throw new IllegalArgumentException(
                    "no split '" + split + "': the splits are " + String.join(", ", OutputLayout.SPLITS));
        }
        return s;
    }

    /** Rows of a split, over all its shards. */
    public long rows(String split) {
        return shards(split).stream().mapToLong(Shard::rows).sum();
    }
}
