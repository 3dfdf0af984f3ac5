package org.lwsspark.prep.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.Normalizer;
import java.text.Normalizer.Form;
import org.junit.jupiter.api.Test;

class TextNormalizerTest {
    @Test
    void lineBreaksOfEveryKindAndSpaceRuns() {
        assertEquals(
                "a b\n\nc\nd\n\ne\nf",
                TextNormalizer.normalize("  a \t b  \r\n\r\n\r\n c\u2028d\u2029\u2029e\u0085f "));
        assertEquals("lead and trail", TextNormalizer.normalize("\n\n lead and trail \n\n"));
    }

    @Test
    void controlAndInvisibleCharactersRemovedOtherSpacesCollapsed() {
        assertEquals("xyz w", TextNormalizer.normalize("x\u200B\uFEFFy\uFFFD\u0001z\u00A0\u2003w"));
    }

    @Test
    void composedToNfc() {
        // e + acute, Hangul syllable + final jamo, leading + vowel jamo, ohm sign, A + ring above
        assertEquals(
                "caf\u00e9 \uac01 \uac00 \u03a9 \u00c5",
                TextNormalizer.normalize("cafe\u0301 \uAC00\u11A8 \u1100\u1161 \u2126 A\u030A"));
    }

    @Test
    void anAlreadyNormalTextIsReturnedAsItIs() {
        String normal = "Überschrift\n\nEin Absatz – mit Wörtern, 日本語 und Кириллица.\nNoch eine Zeile.";
        assertSame(normal, TextNormalizer.normalize(normal));
        assertEquals("a b", TextNormalizer.normalize("a\tb"), "same length, one character replaced");
    }

    /**
     * The normaliser skips the JDK's NFC check for texts without "suspect" characters: every other BMP character
     * must be NFC on its own, compose with nothing before it, and have combining class 0 (a character with a
     * non-zero class is reordered next to U+0334, class 1, or U+0345, class 240).
     */
    @Test
    void everyCharacterNotSuspectIsAStableStarter() {
        boolean[] second = new boolean[Character.MAX_VALUE + 1];
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            if (Character.isSurrogate((char) c)) continue;
            String nfd = Normalizer.normalize(String.valueOf((char) c), Form.NFD);
            for (int i = 1; i < nfd.length(); i++) second[nfd.charAt(i)] = true;
        }
        int suspects = 0;
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            char ch = (char) c;
            if (TextNormalizer.isNfcSuspect(ch)) {
                suspects++;
                continue;
            }
            String s = String.valueOf(ch);
            String hex = Integer.toHexString(c);
            assertFalse(Character.isSurrogate(ch), hex);
            assertFalse(second[c], hex + " composes with a character before it");
            assertTrue(Normalizer.isNormalized(s, Form.NFC), hex + " changes under NFC");
            assertTrue(Normalizer.isNormalized(s + "\u0334", Form.NFC), hex + " has a combining class");
            assertTrue(Normalizer.isNormalized("\u0345" + s, Form.NFC), hex + " has a combining class");
        }
        assertTrue(suspects < 10_000, suspects + " suspects: most texts would take the slow check");
        for (char c : "\u0301\u1161\u11A8\u2000\u2126\uD83D\u093C".toCharArray()) {
            assertTrue(TextNormalizer.isNfcSuspect(c), Integer.toHexString(c));
        }
    }
}
