package org.lwsspark.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.lwsspark.data.parquet.IdFile;

/**
 * The one way to read rows of a shard, on the driver or on Spark executors: no Spark classes, no state, so it is
 * safe to call from any number of threads. Each call opens the file (one footer read), reads only the pages that
 * hold the rows through the offset index, and closes it.
 */
public final class ShardReader {
    private ShardReader() {}

    /**
     * Rows {@code [firstRow, firstRow + count)} of one shard, each {@code rowLength} int32 ids, in file order.
     *
     * @throws IllegalArgumentException the range is not inside the shard (the message names the file)
     * @throws IllegalStateException    the file is not what the shard says (row count, schema, row length)
     * @throws UncheckedIOException     the file system failed
     */
    public static int[][] read(Shard shard, long firstRow, int count, int rowLength, Configuration conf) {
        if (firstRow < 0 || count < 0 || firstRow + count > shard.rows()) {
            throw new IllegalArgumentException(shard.uri() + ": rows [" + firstRow + ", " + (firstRow + count)
                    + ") are past the end of the shard's " + shard.rows() + " rows");
        }
        try (IdFile f = IdFile.open(shard.uri(), conf)) {
            if (f.rows() != shard.rows()) {
                throw new IllegalStateException(
                        shard.uri() + ": " + f.rows() + " rows in the file, " + shard.rows() + " in the manifest");
            }
            return f.read(firstRow, count, rowLength);
        } catch (IOException e) {
            throw new UncheckedIOException(shard.uri() + ": " + e.getMessage(), e);
        }
    }
}
