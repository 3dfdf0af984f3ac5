package org.lwsspark.train.data;

import java.io.Serializable;
import org.lwsspark.data.Shard;

/**
 * Rows to take from one span of a shard: the span {@code [spanStart, spanStart + spanRows)} is read whole (and
 * cached), and its rows at {@code offsets} are used in that order.
 */
public record SpanRead(Shard shard, long spanStart, int spanRows, int[] offsets) implements Serializable {

    public SpanRead {
        offsets = offsets.clone();
    }

    public int rows() {
        return offsets.length;
    }
}
