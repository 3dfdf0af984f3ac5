package org.lwsspark.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lwsspark.data.Shard;

class EpochOrderTest {

    /** Three shards of unequal sizes, spans of 7 rows (so every shard ends in a short span). */
    private static final List<Shard> SHARDS = List.of(new Shard("a", 30), new Shard("b", 17), new Shard("c", 9));

    private static final int WORKERS = 2;
    private static final int BATCH = 4;

    private static EpochOrder order(long seed) {
        return new EpochOrder(SHARDS, 7, seed, WORKERS, BATCH);
    }

    /** Rows as "shard:row", in the order a worker reads them. */
    private static List<String> rows(List<SpanRead> reads) {
        List<String> out = new ArrayList<>();
        for (SpanRead r : reads) {
            assertTrue(r.offsets().length <= r.spanRows());
            for (int offset : r.offsets()) {
                assertTrue(offset >= 0 && offset < r.spanRows(), "offset inside its span");
                assertEquals(0, r.spanStart() % 7, "spans start at multiples of span-rows");
                out.add(r.shard().uri() + ":" + (r.spanStart() + offset));
            }
        }
        return out;
    }

    @Test
    void anEpochReadsEveryRowAtMostOnceAndAllButTheRemainder() {
        EpochOrder order = order(1);
        long steps = order.stepsPerEpoch();
        assertEquals(56 / WORKERS / BATCH, steps);
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (int w = 0; w < WORKERS; w++) {
            List<String> rows = rows(order.rowsOf(0, w, 0, (int) steps));
            assertEquals(steps * BATCH, rows.size());
            seen.addAll(rows);
            total += rows.size();
        }
        assertEquals(total, seen.size(), "no row twice in an epoch");
        assertEquals(56 - 56 % (WORKERS * BATCH), total);
    }

    @Test
    void roundsOfAnyLengthReadTheSameSequence() {
        EpochOrder order = order(3);
        List<String> whole = rows(order.rowsOf(0, 1, 0, 6));
        List<String> pieces = new ArrayList<>();
        pieces.addAll(rows(order.rowsOf(0, 1, 0, 1)));
        pieces.addAll(rows(order.rowsOf(0, 1, 1, 4)));
        pieces.addAll(rows(order.rowsOf(0, 1, 5, 1)));
        assertEquals(whole, pieces);
    }

    @Test
    void theOrderIsAFunctionOfSeedAndEpoch() {
        assertEquals(rows(order(5).rowsOf(2, 0, 0, 6)), rows(order(5).rowsOf(2, 0, 0, 6)), "same seed, same rows");
        assertNotEquals(rows(order(5).rowsOf(0, 0, 0, 6)), rows(order(5).rowsOf(1, 0, 0, 6)), "each epoch reshuffles");
        assertNotEquals(rows(order(5).rowsOf(0, 0, 0, 6)), rows(order(6).rowsOf(0, 0, 0, 6)), "the seed matters");
        List<String> shuffled = rows(order(5).rowsOf(0, 0, 0, 6));
        List<String> sorted = new ArrayList<>(shuffled);
        sorted.sort(null);
        assertNotEquals(sorted, shuffled, "rows inside spans are shuffled too");
    }

    @Test
    void stepsOutsideTheEpochAreRefused() {
        EpochOrder order = order(1);
        assertThrows(IllegalArgumentException.class, () -> order.rowsOf(0, 0, order.stepsPerEpoch() - 1, 2));
        assertThrows(IllegalArgumentException.class, () -> order.rowsOf(0, WORKERS, 0, 1));
    }

    @Test
    void permutationsAreStableAcrossJvms() {
        // Pinned: SplittableRandom's algorithm is specified, and a change here would silently change the data
        // order of every run resumed across versions.
        assertEquals(
                List.of(3, 2, 0, 4, 1),
                java.util.Arrays.stream(EpochOrder.permutation(5, 42)).boxed().toList());
    }
}
