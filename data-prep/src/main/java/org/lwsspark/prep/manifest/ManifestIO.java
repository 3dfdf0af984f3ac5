package org.lwsspark.prep.manifest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Reads and writes {@code manifest.json} (snake_case keys) on any Hadoop file system; writes are atomic. */
public final class ManifestIO {
    public static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ManifestIO() {
    }

    /** The manifest in {@code dir}, or null when there is none. */
    public static Manifest read(Path dir, Configuration conf) throws IOException {
        Path p = new Path(dir, Manifest.FILE_NAME);
        FileSystem fs = p.getFileSystem(conf);
        if (!fs.exists(p)) return null;
        try (InputStream in = fs.open(p)) {
            return JSON.readValue(in, Manifest.class);
        }
    }

    /** Writes next to the target and renames over it, so a reader sees the old or the new manifest, whole. */
    public static void write(Manifest m, Path dir, Configuration conf) throws IOException {
        Path target = new Path(dir, Manifest.FILE_NAME);
        Path tmp = new Path(dir, "_" + Manifest.FILE_NAME + ".tmp");
        FileSystem fs = target.getFileSystem(conf);
        try (OutputStream out = fs.create(tmp, true)) {
            JSON.writeValue(out, m);
        }
        if (fs.rename(tmp, target)) return; // POSIX rename replaces atomically
        // File systems whose rename refuses an existing target (HDFS): replace in two steps.
        if (fs.exists(target) && !fs.delete(target, false)) throw new IOException("cannot replace " + target);
        if (!fs.rename(tmp, target)) throw new IOException("cannot rename " + tmp + " to " + target);
    }
}
