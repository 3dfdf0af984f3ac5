package org.lwsspark.prep.manifest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.lwsspark.data.manifest.Manifest;
import org.lwsspark.data.manifest.OutputLayout;

/**
 * Atomic runs. A run writes everything under {@code OUT/_tmp-RUN/} (names starting with "_" are invisible to Spark,
 * Parquet and Hadoop readers), then moves its part files into {@code OUT/train}, {@code OUT/val},
 * {@code OUT/documents} and {@code OUT/dedup-index} (renames: quick, nothing rewritten) and finally replaces
 * {@code manifest.json}, the commit point. The manifest lists every committed file: a run killed before the commit
 * point leaves only a {@code _tmp-} directory, and one killed during the moves leaves part files that the manifest
 * does not list, which {@link org.lwsspark.data.ShardGuard} refuses and the next run removes
 * ({@link #recover}).
 */
public final class Committer {
    /** The output sub-directories a run writes. */
    public static final List<String> DIRS = List.of(OutputLayout.TRAIN, OutputLayout.VAL, "documents", "dedup-index");

    private static final String TMP_PREFIX = "_tmp-";

    private Committer() {}

    public static Path staging(Path out, String runId) {
        return new Path(out, TMP_PREFIX + runId);
    }

    /**
     * Removes what killed runs left: staging directories, and part files the manifest does not list (a commit
     * interrupted between its moves and its manifest). Returns the paths removed.
     */
    public static List<String> recover(Path out, Manifest manifest, Configuration conf) throws IOException {
        FileSystem fs = out.getFileSystem(conf);
        List<String> removed = new ArrayList<>();
        if (!fs.exists(out)) return removed;
        for (FileStatus st : fs.listStatus(out)) {
            if (st.isDirectory() && st.getPath().getName().startsWith(TMP_PREFIX)) {
                fs.delete(st.getPath(), true);
                removed.add(st.getPath().toString());
            }
        }
        Set<String> listed = OutputLayout.listedFiles(manifest);
        for (String dir : DIRS) {
            Path d = new Path(out, dir);
            if (!fs.exists(d)) continue;
            for (FileStatus st : fs.listStatus(d)) {
                String rel = dir + "/" + st.getPath().getName();
                if (st.isFile() && OutputLayout.isDataFile(st.getPath().getName()) && !listed.contains(rel)) {
                    fs.delete(st.getPath(), false);
                    removed.add(st.getPath().toString());
                }
            }
        }
        return removed;
    }

    /** Moves the staged part files into the output directory; returns their new relative paths by directory. */
    public static java.util.Map<String, List<String>> moveIntoPlace(Path staging, Path out, Configuration conf)
            throws IOException {
        FileSystem fs = out.getFileSystem(conf);
        java.util.Map<String, List<String>> moved = new java.util.LinkedHashMap<>();
        for (String dir : DIRS) {
            Path from = new Path(staging, dir);
            List<String> names = new ArrayList<>();
            moved.put(dir, names);
            if (!fs.exists(from)) continue;
            Path to = new Path(out, dir);
            fs.mkdirs(to);
            for (FileStatus st : fs.listStatus(from)) {
                if (!st.isFile() || !OutputLayout.isDataFile(st.getPath().getName())) continue;
                Path dst = new Path(to, st.getPath().getName());
                if (!fs.rename(st.getPath(), dst)) throw new IOException("cannot move " + st.getPath() + " to " + dst);
                names.add(dir + "/" + st.getPath().getName());
            }
        }
        return moved;
    }
}
