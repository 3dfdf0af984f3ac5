package org.lwsspark.data;

import java.io.Serializable;

/**
 * One token shard as the manifest lists it, checked by {@link ShardGuard}.
 *
 * @param uri  the file's absolute URI (file:, hdfs:, s3a:)
 * @param rows its row count, each row {@link TokenShards#rowLength()} ids
 */
public record Shard(String uri, long rows) implements Serializable {
    public Shard {
        if (uri == null || uri.isEmpty()) throw new IllegalArgumentException("a shard needs a URI");
        if (rows < 0) throw new IllegalArgumentException(uri + ": negative row count " + rows);
    }
}
