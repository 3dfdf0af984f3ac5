package org.lwsspark.train.averaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The chunks of the reduce-scatter, counted by hand. */
class StateLayoutTest {

    @Test
    void parametersThenOptimizerStateInChunksThatNeverSpanBoth() {
        StateLayout layout = new StateLayout(10, 20, 4);
        assertEquals(3, layout.parameterChunks()); // 4 + 4 + 2
        assertEquals(3, layout.chunks(false));
        assertEquals(8, layout.chunks(true)); // + 5 of 4
        assertEquals(new StateLayout.Slot(false, 8, 2), layout.slot(2));
        assertEquals(new StateLayout.Slot(true, 0, 4), layout.slot(3));
        assertEquals(new StateLayout.Slot(true, 16, 4), layout.slot(7));
    }

    @Test
    void oneReducerPerWorkerAtLeastAndNoResultOfMoreThanFourChunks() {
        StateLayout layout = new StateLayout(10, 20, 4);
        assertEquals(2, layout.reducers(1, true)); // 8 chunks, 4 a result
        assertEquals(3, layout.reducers(3, true));
        assertEquals(3, layout.reducers(64, false)); // never more reducers than chunks
        // The paper model: 181.9 M parameters, Adam m and v, 16 MiB chunks.
        StateLayout paper = new StateLayout(181_906_688, 2 * 181_906_688L, StateLayout.DEFAULT_CHUNK_ELEMENTS);
        assertEquals(44, paper.parameterChunks());
        assertEquals(131, paper.chunks(true));
        assertEquals(33, paper.reducers(1, true));
        assertEquals(64L << 20, paper.largestResultBytes());
    }
}
