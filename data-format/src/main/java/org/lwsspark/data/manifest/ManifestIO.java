package org.lwsspark.data.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.lwsspark.common.Json;

/** Reads and writes {@code manifest.json} (snake_case keys) on any Hadoop file system; writes are atomic. */
public final class ManifestIO {
    private ManifestIO() {}

    /**
     * The manifest in {@code dir}, or null when there is none. Content that is not a manifest is an
     * {@link IllegalStateException} naming the file and the field (see {@link #parse}).
     */
    public static Manifest read(Path dir, Configuration conf) throws IOException {
        byte[] json = readBytes(dir, conf);
        return json == null ? null : parse(json, new Path(dir, Manifest.FILE_NAME).toString());
    }

    /** The bytes of {@code dir/manifest.json}, or null when there is none. */
    public static byte[] readBytes(Path dir, Configuration conf) throws IOException {
        Path p = new Path(dir, Manifest.FILE_NAME);
        FileSystem fs = p.getFileSystem(conf);
        if (!fs.exists(p)) return null;
        try (InputStream in = fs.open(p)) {
            return in.readAllBytes();
        }
    }

    /**
     * Parses manifest JSON. What is not a manifest (malformed JSON, a field of the wrong type, a tokenizer whose
     * record refuses its values) is an {@link IllegalStateException} of one line: {@code where}, the field's path
     * in the JSON and the reason, rather than Jackson's message, which names Java classes and spans several lines.
     */
    public static Manifest parse(byte[] json, String where) {
        Manifest m;
        try {
            m = Json.MAPPER.readValue(json, Manifest.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(where + ": not a valid manifest: " + describe(e));
        } catch (IOException e) { // not thrown for a byte array; declared by readValue
            throw new IllegalStateException(where + ": " + e.getMessage(), e);
        }
        if (m == null) throw new IllegalStateException(where + ": not a valid manifest: the JSON is null");
        return m;
    }

    private static String describe(JsonProcessingException e) {
        String reason = e instanceof ValueInstantiationException && e.getCause() != null
                ? e.getCause().getMessage()
                : e.getOriginalMessage();
        StringBuilder field = new StringBuilder();
        if (e instanceof JsonMappingException m) {
            for (JsonMappingException.Reference r : m.getPath()) {
                if (r.getFieldName() != null)
                    field.append(field.length() == 0 ? "" : ".").append(r.getFieldName());
                else if (r.getIndex() >= 0)
                    field.append('[').append(r.getIndex()).append(']');
            }
        }
        String at = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
        return (field.length() == 0 ? "" : "field " + field + ": ") + reason.replace('\n', ' ') + at;
    }

    /** Writes next to the target and renames over it, so a reader sees the old or the new manifest, whole. */
    public static void write(Manifest m, Path dir, Configuration conf) throws IOException {
        Path target = new Path(dir, Manifest.FILE_NAME);
        Path tmp = new Path(dir, "_" + Manifest.FILE_NAME + ".tmp");
        FileSystem fs = target.getFileSystem(conf);
        try (OutputStream out = fs.create(tmp, true)) {
            Json.MAPPER.writeValue(out, m);
        }
        if (fs.rename(tmp, target)) return; // POSIX rename replaces atomically
        // File systems whose rename refuses an existing target (HDFS): replace in two steps.
        if (fs.exists(target) && !fs.delete(target, false)) throw new IOException("cannot replace " + target);
        if (!fs.rename(tmp, target)) throw new IOException("cannot rename " + tmp + " to " + target);
    }
}
