package org.lwsspark.prep.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.lwsspark.data.manifest.OutputLayout;

class PackerTest {
    @Test
    void rowsHaveExactlyRowLengthIdsAndDocumentsAreSeparatedByEos() {
        List<int[]> docs = List.of(new int[] {1, 2, 3}, new int[] {4, 5, 6, 7, 8, 9, 10}, new int[] {11});
        Packer p = new Packer(docs.iterator(), 4, 0);
        List<int[]> rows = new ArrayList<>();
        p.forEachRemaining(rows::add);
        // stream: 1 2 3 0 4 5 6 7 8 9 10 0 11 0  -> 14 tokens -> 3 rows of 4, 2 left over
        assertEquals(3, rows.size());
        assertArrayEquals(new int[] {1, 2, 3, 0}, rows.get(0));
        assertArrayEquals(new int[] {4, 5, 6, 7}, rows.get(1));
        assertArrayEquals(new int[] {8, 9, 10, 0}, rows.get(2));
        assertEquals(2, p.remainder());
    }

    @Test
    void splitIsDeterministicAndNearTheFraction() {
        long val = IntStream.range(0, 100_000)
                .filter(i -> Splitter.byFraction(0.005)
                        .split(i * 0x9E3779B97F4A7C15L)
                        .equals(OutputLayout.VAL))
                .count();
        assertEquals(500, val, 100);
        assertEquals(
                Splitter.byFraction(0.3).split(42L), Splitter.byFraction(0.3).split(42L));
        assertEquals(OutputLayout.TRAIN, Splitter.byFraction(0.0).split(42L));
        assertEquals(OutputLayout.VAL, new Splitter(0.0, java.util.Set.of(42L)).split(42L), "a promoted document");
    }
}
