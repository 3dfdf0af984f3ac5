package org.lwsspark.prep.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lwsspark.prep.config.DedupConfig;
import org.lwsspark.prep.config.PrepConfig;
import org.lwsspark.prep.config.QualityConfig;
import org.lwsspark.prep.doc.Doc;
import org.lwsspark.prep.doc.DropReason;

class FilterAndDedupTest {
    private static final PrepConfig CFG = PrepConfig.load(null);
    private static final String PROSE = "The river runs through the old city and the people who live there have "
            + "built bridges over it for centuries. Each bridge has a name and a story, and the stories are told "
            + "to children at school. In the spring the water rises and the lower streets are closed to traffic. "
            + "Visitors come to see the flood, which is why the shops by the water open early in the season.\n\n";

    private static String prose(int seed) {
        Random r = new Random(seed);
        String[] s = PROSE.split(" ");
        StringBuilder b = new StringBuilder();
        for (int p = 0; p < 6; p++) {
            for (int i = 0; i < s.length; i++)
                b.append(s[(i + r.nextInt(3)) % s.length]).append(' ');
            b.append(".\n\n");
        }
        return b.toString();
    }

    @Test
    void qualityRulesNameTheFailure() {
        QualityConfig q = CFG.quality();
        assertNull(QualityRules.check(PROSE.repeat(1) + prose(1), "en", q));
        assertEquals("word_count", QualityRules.check("Too short to be a document.", "en", q));
        assertEquals("duplicate_lines", QualityRules.check(("Buy now and save big today.\n").repeat(40), "en", q));
        String bullets = ("- item with a few words in it for the list of things\n").repeat(30);
        assertEquals("bullet_lines", QualityRules.check(bullets, "en", q));
        String symbols = ("#tag #more #hash the of and word. ").repeat(30);
        assertEquals("symbol_ratio", QualityRules.check(symbols, "en", q));
    }

    @Test
    void documentFilterCountsEveryDropUnderANamedReason() {
        Doc en = DocumentFilter.apply(Doc.read("text", "f", 0, "", "", PROSE + prose(2), false), CFG);
        assertTrue(en.kept());
        assertEquals("en", en.lang());
        assertEquals(CFG.dedup().bands(), en.bands().length);
        Doc de = DocumentFilter.apply(
                Doc.read(
                        "text",
                        "f",
                        1,
                        "",
                        "",
                        ("Der Fluss fließt durch die alte Stadt und "
                                        + "die Menschen, die dort leben, haben seit Jahrhunderten Brücken darüber gebaut. ")
                                .repeat(5),
                        false),
                CFG);
        assertEquals(DropReason.LANGUAGE, de.dropReason());
        assertEquals("de", de.lang());
        assertEquals(
                DropReason.TOO_SHORT,
                DocumentFilter.apply(Doc.read("text", "f", 2, "", "", "Hi.", false), CFG)
                        .dropReason());
        assertEquals(
                DropReason.EMPTY,
                DocumentFilter.apply(Doc.read("wiki", "f", 3, "T", "", "{{only template}}", true), CFG)
                        .dropReason());
    }

    @Test
    void minHashBandsCollideForNearDuplicatesOnly() {
        DedupConfig d = CFG.dedup();
        String a = prose(7) + prose(8);
        String nearA = a.replaceFirst("river", "stream").replaceFirst("bridges", "bridge"); // 2 words changed
        String other = prose(11) + PROSE.toUpperCase();
        long[] ba = MinHash.bands(a, d);
        long[] bn = MinHash.bands(nearA, d);
        long[] bo = MinHash.bands(other.replace("the", "a").replace("and", "or"), d);
        long shared = Arrays.stream(ba)
                .filter(x -> Arrays.stream(bn).anyMatch(y -> y == x))
                .count();
        assertTrue(shared >= 5, "near duplicates share buckets: " + shared);
        assertFalse(
                Arrays.stream(ba).anyMatch(x -> Arrays.stream(bo).anyMatch(y -> y == x)),
                "different documents share none");
        assertTrue(Arrays.equals(ba, MinHash.bands(a, d)), "deterministic");
    }

    @Test
    void exactDedupHashIgnoresCaseAndSpacingOnly() {
        long h = MinHash.dedupHash("The River\n\nruns, quickly.");
        assertEquals(MinHash.hash64("the river runs, quickly."), h, "the hash of the key, built by hand");
        assertEquals(h, MinHash.dedupHash("  the  RIVER runs,\tquickly. "));
        assertFalse(h == MinHash.dedupHash("The River runs quickly."), "punctuation counts");
        assertFalse(h == MinHash.dedupHash("The Riverruns, quickly."), "word boundaries count");
    }

    @Test
    void exactDedupHashEqualsTheHashOfTheKeyForEveryCharacter() {
        for (int c = 0; c <= 0xFFFF; c++) {
            String text = "Ab" + (char) c + " x" + (char) c;
            assertEquals(MinHash.hash64(dedupKey(text)), MinHash.dedupHash(text), "U+" + Integer.toHexString(c));
        }
    }

    /** The key as the definition says: lower case, words separated by single spaces (Character's own tables). */
    private static String dedupKey(String text) {
        StringBuilder b = new StringBuilder();
        boolean space = false;
        for (char c : text.toCharArray()) {
            if (Character.isWhitespace(c)) {
                space = b.length() > 0;
            } else {
                if (space) b.append(' ');
                space = false;
                b.append(Character.toLowerCase(c));
            }
        }
        return b.toString();
    }
}
