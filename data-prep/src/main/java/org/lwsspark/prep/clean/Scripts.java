package org.lwsspark.prep.clean;

import java.text.BreakIterator;
import java.text.StringCharacterIterator;
import java.util.Locale;

/**
 * Word boundaries of scripts written without spaces. A Chinese, Japanese or Thai text has few or no spaces between
 * words, so counting words by whitespace gives a page of prose one "word" and the word-based rules (boilerplate
 * blocks, Gopher quality) drop it as empty. Each Han ideograph and each kana counts as a word of its own, the usual
 * character-level approximation for CJK. Thai words are found with the JDK's dictionary-based word iterator (Thai
 * spaces separate phrases, not words). Lao, Khmer and Burmese, for which the JDK has no dictionary, are not covered.
 */
public final class Scripts {
    /** BreakIterator is not thread-safe: one per task thread. */
    private static final ThreadLocal<BreakIterator> THAI_WORDS =
            ThreadLocal.withInitial(() -> BreakIterator.getWordInstance(Locale.forLanguageTag("th")));

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

    /** Whether {@code c} is in the Thai block. */
    public static boolean isThai(char c) {
        return c >= '\u0e00' && c <= '\u0e7f';
    }

    /** The end of the run of Thai characters that starts at {@code start}. */
    public static int thaiRunEnd(CharSequence t, int start) {
        int end = start;
        while (end < t.length() && isThai(t.charAt(end))) end++;
        return end;
    }

    /**
     * The word boundaries of the Thai run {@code t[start, end)}, as indexes into {@code t}: {@code start}, the end of
     * each word, {@code end}. A run of n words gives n + 1 boundaries.
     */
    public static int[] thaiWordBoundaries(CharSequence t, int start, int end) {
        BreakIterator words = THAI_WORDS.get();
        words.setText(new StringCharacterIterator(t.subSequence(start, end).toString()));
        int[] boundaries = new int[end - start + 1];
        int n = 0;
        for (int b = words.first(); b != BreakIterator.DONE; b = words.next()) boundaries[n++] = start + b;
        return java.util.Arrays.copyOf(boundaries, n);
    }
}
