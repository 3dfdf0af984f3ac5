package org.lwsspark.prep.tokenize;

/**
 * Splits text into the pieces GPT-2's pre-tokenization regex finds, without the regex engine. jtokkit compiles
 * r50k_base's pattern
 *
 * <pre>'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</pre>
 *
 * with {@code UNICODE_CHARACTER_CLASS} and without {@code CASE_INSENSITIVE}, so the contractions are lower case
 * only and {@code \s} is Unicode White_Space (no-break spaces included). This scanner follows the alternatives in
 * the order the regex tries them, code point by code point; {@code TiktokenTokenizerDifferentialTest} checks that
 * its pieces give jtokkit's ids on edge cases, real documents and random strings, and that its character classes
 * equal the regex's for every code point.
 */
final class Gpt2PreTokenizer {
    static final int LETTER = 0;
    static final int NUMBER = 1;
    static final int WHITESPACE = 2;
    static final int OTHER = 3;

    /** The class of every ASCII char: text is mostly ASCII, and a table beats {@link Character#getType}. */
    private static final byte[] ASCII_CLASSES = new byte[128];

    static {
        for (int c = 0; c < ASCII_CLASSES.length; c++) ASCII_CLASSES[c] = (byte) classOfCodePoint(c);
    }

    private Gpt2PreTokenizer() {}

    /** The end (exclusive) of the piece of {@code text} that starts at {@code start} (a piece boundary). */
    static int pieceEnd(String text, int start) {
        if (text.charAt(start) == '\'') {
            int end = contractionEnd(text, start);
            if (end > 0) return end;
        }
        int body = start;
        // " ?" in front of letters, numbers and other symbols: a plain space joins the run that follows it.
        if (text.charAt(start) == ' ' && start + 1 < text.length() && classAt(text, start + 1) != WHITESPACE) {
            body = start + 1;
        }
        int cls = classAt(text, body);
        return cls == WHITESPACE ? whitespaceEnd(text, start) : runEnd(text, body, cls);
    }

    /** The end of {@code 's 't 're 've 'm 'll 'd} at {@code start}, or -1: the regex's first alternative. */
    private static int contractionEnd(String text, int start) {
        int n = text.length();
        if (start + 1 >= n) return -1;
        char a = text.charAt(start + 1);
        if (a == 's' || a == 'd' || a == 'm' || a == 't') return start + 2;
        if (start + 2 >= n) return -1;
        char b = text.charAt(start + 2);
        return (a == 'l' && b == 'l') || (a == 'v' && b == 'e') || (a == 'r' && b == 'e') ? start + 3 : -1;
    }

    /**
     * {@code \s+(?!\S)|\s+}: the whole run at the end of the text; before a non-space, all but its last char (which
     * then starts the next piece, joining it if it is a plain space), or the single char when the run is one long.
     */
    private static int whitespaceEnd(String text, int start) {
        int end = runEnd(text, start, WHITESPACE);
        return end == text.length() || end - start == 1 ? end : end - 1; // White_Space chars are all in the BMP
    }

    /** The end of the run of code points of class {@code cls} from {@code from}. */
    private static int runEnd(String text, int from, int cls) {
        int i = from;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c < 128) {
                if (ASCII_CLASSES[c] != cls) break;
                i++;
            } else {
                int cp = text.codePointAt(i);
                if (classOfCodePoint(cp) != cls) break;
                i += Character.charCount(cp);
            }
        }
        return i;
    }

    private static int classAt(String text, int i) {
        char c = text.charAt(i);
        return c < 128 ? ASCII_CLASSES[c] : classOfCodePoint(text.codePointAt(i));
    }

    /**
     * The regex's classes under {@code UNICODE_CHARACTER_CLASS}: {@code \p{L}} is the general categories Lu Ll Lt
     * Lm Lo (marks, \p{M}, are not letters), {@code \p{N}} is Nd Nl No, {@code \s} is Zs Zl Zp, U+0009-U+000D and
     * U+0085. Lone surrogates are OTHER, as for the regex.
     */
    static int classOfCodePoint(int cp) {
        if ((cp >= 0x9 && cp <= 0xd) || cp == 0x85) return WHITESPACE;
        switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER,
                    Character.LOWERCASE_LETTER,
                    Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER,
                    Character.OTHER_LETTER:
                return LETTER;
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER:
                return NUMBER;
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR:
                return WHITESPACE;
            default:
                return OTHER;
        }
    }
}
