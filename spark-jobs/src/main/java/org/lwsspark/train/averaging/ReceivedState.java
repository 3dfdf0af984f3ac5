package org.lwsspark.train.averaging;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;

/**
 * On an executor, the state the driver broadcast, freed as soon as a newer broadcast of the same kind arrives.
 * An executor deserializes each round's parameters (and optimizer state) into off-heap memory that ND4J would free
 * only when the Java object is collected; at the paper's size that is 0.7 to 2.2 GB a round. In local mode the
 * value is the driver's own array, which {@link FlatVector#close()} leaves alone.
 */
final class ReceivedState {

    private record Latest(long id, FlatVector value) {}

    private static final Map<String, Latest> LATEST = new HashMap<>();

    private ReceivedState() {}

    /** The value of {@code broadcast}, a {@code kind} of state ("parameters", "optimizer state"). */
    static FlatVector of(String kind, Broadcast<FlatVector> broadcast) {
        FlatVector value = broadcast.value();
        synchronized (LATEST) {
            Latest latest = LATEST.get(kind);
            if (latest == null || latest.id() < broadcast.id()) {
                if (latest != null) {
                    latest.value().close();
                }
                LATEST.put(kind, new Latest(broadcast.id(), value));
            }
        }
        return value;
    }
}
