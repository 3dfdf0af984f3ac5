package org.lwsspark.prep.clean;

/**
 * Word boundaries of scripts written without spaces. A Chinese or Japanese text has few or no spaces, so counting
 * words by whitespace gives a page of prose one "word" and the word-based rules (boilerplate blocks, Gopher
 * quality) drop it as empty. Each Han ideograph and each kana counts as a word of its own instead, the usual
 * character-level approximation for CJK. Thai, Lao, Khmer and Burmese, which need a dictionary segmenter, are not
 * covered.
 */
public final class Scripts {

    private Scripts() {}

    /** Whether {@code c} is a word by itself: a CJK ideograph (BMP blocks) or a hiragana or katakana letter. */
    public static boolean isWordOnItsOwn(char c) {
        return c >= '\u3040'
                && (c <= '\u30ff' // hiragana, katakana
                        || c >= '\u3400' && c <= '\u4dbf' // CJK extension A
                        || c >= '\u4e00' && c <= '\u9fff' // CJK unified ideographs
                        || c >= '\uf900' && c <= '\ufaff' // CJK compatibility ideographs
                        || c >= '\uff66' && c <= '\uff9d'); // half-width katakana
    }
}
