package org.lwsspark.prep.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PieceCacheTest {
    private static int[] ids(PieceCache cache, String text, int start, int end) {
        int[] entry = cache.find(text, start, end, PieceCache.hash(text, start, end));
        return entry == null ? null : Arrays.copyOfRange(entry, PieceCache.firstIdIndex(entry), entry.length);
    }

    private static int[] ids(PieceCache cache, String piece) {
        return ids(cache, piece, 0, piece.length());
    }

    private static void put(PieceCache cache, String piece, int... ids) {
        cache.put(piece, 0, piece.length(), PieceCache.hash(piece, 0, piece.length()), ids);
    }

    @Test
    void findsAPieceInsideALongerTextByItsChars() {
        PieceCache cache = new PieceCache();
        put(cache, " the", 262);
        assertArrayEquals(new int[] {262}, ids(cache, "in the end", 2, 6));
        assertNull(ids(cache, "in thee", 2, 7));
        assertNull(ids(cache, " The"));
    }

    /** Pieces of equal hash (so in the same set, with the same hint) are told apart by their chars and length. */
    @Test
    void piecesWithTheSameHashAreDifferentPieces() {
        PieceCache cache = new PieceCache();
        assertEquals(PieceCache.hash("Aa", 0, 2), PieceCache.hash("BB", 0, 2));
        assertEquals(PieceCache.hash("\u0000", 0, 1), PieceCache.hash("\u0000\u0000", 0, 2));
        put(cache, "Aa", 1);
        put(cache, "\u0000\u0000", 2, 3);
        assertNull(ids(cache, "BB"));
        assertNull(ids(cache, "\u0000"));
        put(cache, "BB", 4);
        assertArrayEquals(new int[] {1}, ids(cache, "Aa"));
        assertArrayEquals(new int[] {4}, ids(cache, "BB"));
        assertArrayEquals(new int[] {2, 3}, ids(cache, "\u0000\u0000"));
    }

    @Test
    void countsAddUpToHitsMissesAndARate() {
        PieceCache cache = new PieceCache();
        assertEquals(new PieceCacheStats(0, 0), cache.stats());
        cache.count(3, 1);
        cache.count(0, 4);
        assertEquals(new PieceCacheStats(3, 5), cache.stats());
        assertEquals(3 / 8.0, cache.stats().hitRate(), 1e-12);
        assertEquals(new PieceCacheStats(0, 4), cache.stats().since(new PieceCacheStats(3, 1)));
    }

    /**
     * Far more pieces than slots, with the sets already full when the frequent pieces arrive: answers stay right,
     * and the pieces that keep being hit stay in the cache.
     */
    @Test
    void frequentPiecesSurviveAStreamOfRarePieces() {
        PieceCache cache = new PieceCache();
        for (int i = 0; i < 200_000; i++) put(cache, " w" + i, i, -i);
        String[] frequent = {" the", " of", " and", ",", "."};
        for (int i = 0; i < frequent.length; i++) put(cache, frequent[i], i);
        for (int i = 200_000; i < 700_000; i++) {
            String rare = " w" + i;
            assertNull(ids(cache, rare), rare);
            put(cache, rare, i, -i);
            int earlier = i * 7 / 8;
            int[] again = ids(cache, " w" + earlier);
            if (again != null) assertArrayEquals(new int[] {earlier, -earlier}, again, " w" + earlier);
            String hot = frequent[i % frequent.length];
            assertNotNull(ids(cache, hot), hot + " evicted after " + i + " rare pieces");
        }
    }
}
