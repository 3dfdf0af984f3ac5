package org.lwsspark.data.manifest;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The layout of a prep output directory, as far as readers rely on it: {@code train/} and {@code val/} hold the token
 * shards, data files are named {@code part-*} (names starting with "_" or "." are staging and checksum files that
 * Spark, Parquet and Hadoop readers ignore), and a data file belongs to the output only when the manifest lists it.
 */
public final class OutputLayout {
    public static final String TRAIN = "train";
    public static final String VAL = "val";
    /** The token splits, in the order readers visit them. */
    public static final List<String> SPLITS = List.of(TRAIN, VAL);

    private OutputLayout() {}

    /** Whether a file name is one of a run's data files (as opposed to staging, checksum or success markers). */
    public static boolean isDataFile(String name) {
        return name.startsWith("part-");
    }

    /** Every data file the manifest lists (shards and auxiliary files), relative to the output directory. */
    public static Set<String> listedFiles(Manifest m) {
        Set<String> s = new HashSet<>();
        if (m == null) return s;
        if (m.splits() != null) m.splits().values().forEach(v -> v.files().forEach(f -> s.add(f.path())));
        if (m.auxFiles() != null) s.addAll(m.auxFiles());
        return s;
    }
}
