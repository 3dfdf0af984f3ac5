package org.lwsspark.prep.clean;

import java.text.Normalizer;

/**
 * Unicode NFC and whitespace normalisation: the same text always gives the same bytes and tokens (and the same
 * dedup hash). Paragraphs stay separated by one blank line, lines by a newline, words by one space; control
 * characters, zero-width spaces, BOMs and replacement characters are removed. This runs on every document, often
 * twice: one pass over a copy of the characters, a table lookup per character, and the JDK's NFC check only for
 * texts with characters that can combine.
 */
public final class TextNormalizer {
    private static final byte TEXT = 0;
    private static final byte WORD_SPACE = 1; // ' ': with TEXT, the characters of well-spaced text
    private static final byte OTHER_SPACE = 2;
    private static final byte LINE_BREAK = 3;
    private static final byte REMOVED = 4;
    /** The class of every UTF-16 unit: one load instead of a dozen comparisons per character. */
    private static final byte[] KIND = kinds();
    /** The UTF-16 units that may make a text not NFC (see {@link #nfcSuspects}). */
    private static final boolean[] NFC_SUSPECT = nfcSuspects();

    private TextNormalizer() {}

    public static String normalize(String text) {
        if (text == null || text.isEmpty()) return "";
        String t = text;
        char[] c = text.toCharArray();
        // The JDK's NFC check costs as much as the rest of this method: most texts do not need it.
        if (hasNfcSuspect(c) && !Normalizer.isNormalized(text, Normalizer.Form.NFC)) {
            t = Normalizer.normalize(text, Normalizer.Form.NFC);
            c = t.toCharArray();
        }
        Compactor out = new Compactor(c);
        int n = c.length;
        int doubleSpace = t.indexOf("  "); // the next two spaces in a row: a run holding them is not well spaced
        for (int i = 0; i < n; ) {
            // Most text is runs of words and single spaces: such a run is kept whole, not character by character
            // (a branch per character mispredicted at every space made this loop slow).
            int runEnd = i;
            while (runEnd < n && KIND[c[runEnd]] <= WORD_SPACE) runEnd++;
            if (runEnd == i) {
                i = out.character(i);
                continue;
            }
            if (doubleSpace >= 0 && doubleSpace < i) doubleSpace = t.indexOf("  ", i);
            boolean wellSpaced = c[i] != ' ' && c[runEnd - 1] != ' ' && (doubleSpace < 0 || doubleSpace + 1 >= runEnd);
            if (wellSpaced) {
                out.text(i, runEnd);
            } else {
                for (int k = i; k < runEnd; k++) out.character(k);
            }
            i = runEnd;
        }
        return out.result(t);
    }

    /**
     * Writes the normalised text over a copy of the input's characters: the output never gets ahead of the
     * reading position, since every separator written stands for at least as many characters read.
     */
    private static final class Compactor {
        final char[] chars;
        private int len; // chars[0, len) is the output; the rest still holds the input
        private boolean replaced; // a separator was written over different characters (a tab by a space...)
        private int newlines; // pending line breaks (capped at 2: one blank line)
        private boolean space; // a pending space inside a line
        private boolean lineHasText;

        Compactor(char[] chars) {
            this.chars = chars;
        }

        /** Processes the character at {@code i}; the index of the next one. */
        int character(int i) {
            char c = chars[i];
            switch (KIND[c]) {
                case TEXT -> text(i, i + 1);
                case WORD_SPACE, OTHER_SPACE -> space = lineHasText;
                case LINE_BREAK -> {
                    if (c == '\r' && i + 1 < chars.length && chars[i + 1] == '\n') i++;
                    if (lineHasText || newlines > 0) newlines = Math.min(2, newlines + 1);
                    lineHasText = false;
                    space = false;
                }
                default -> {
                    // REMOVED: dropped
                }
            }
            return i + 1;
        }

        /** Text from {@code from} to {@code to} that goes out as it is, after the pending separator. */
        void text(int from, int to) {
            if (newlines > 0 && len > 0) {
                put('\n');
                if (newlines >= 2) put('\n');
            } else if (space) {
                put(' ');
            }
            newlines = 0;
            space = false;
            lineHasText = true;
            if (len != from) System.arraycopy(chars, from, chars, len, to - from);
            len += to - from;
        }

        private void put(char separator) {
            replaced |= chars[len] != separator;
            chars[len++] = separator;
        }

        /** The output; the input itself when nothing changed (most texts are normalised more than once). */
        String result(String input) {
            return len == chars.length && !replaced ? input : new String(chars, 0, len);
        }
    }

    private static boolean hasNfcSuspect(char[] text) {
        for (char c : text) {
            if (NFC_SUSPECT[c]) return true;
        }
        return false;
    }

    /** Whether a text with this UTF-16 unit may not be NFC (a text without any such unit is). */
    static boolean isNfcSuspect(char c) {
        return NFC_SUSPECT[c];
    }

    /**
     * Combining marks, conjoining Hangul jamo, surrogates, and the characters that NFC replaces (found by
     * normalising all the others at once, ~50 ms once). Every other character is a starter that nothing before it
     * composes with and that NFC keeps, so a text made of them only is NFC (TextNormalizerTest checks this against
     * the JDK's own normalisation data, character by character).
     */
    private static boolean[] nfcSuspects() {
        char separator = '\n'; // a starter that composes with nothing: the characters around it cannot combine
        boolean[] suspect = new boolean[Character.MAX_VALUE + 1];
        StringBuilder others = new StringBuilder();
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            if (mayCombine((char) c)) {
                suspect[c] = true;
            } else if (c != separator) {
                others.append((char) c).append(separator);
            }
        }
        String nfc = Normalizer.normalize(others, Normalizer.Form.NFC);
        int at = 0;
        for (int i = 0; i < others.length(); i += 2) {
            int end = nfc.indexOf(separator, at);
            char c = others.charAt(i);
            if (end != at + 1 || nfc.charAt(at) != c) suspect[c] = true;
            at = end + 1;
        }
        return suspect;
    }

    /** Marks and conjoining jamo; surrogates too, since this table does not look up supplementary characters. */
    private static boolean mayCombine(char c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK
                || Character.isSurrogate(c)
                || (c >= '\u1100' && c <= '\u11FF');
    }

    private static byte[] kinds() {
        byte[] k = new byte[Character.MAX_VALUE + 1];
        for (int i = 0; i <= Character.MAX_VALUE; i++) {
            char c = (char) i;
            k[i] = c == ' '
                    ? WORD_SPACE
                    : isLineBreak(c) ? LINE_BREAK : isHorizontalSpace(c) ? OTHER_SPACE : isRemoved(c) ? REMOVED : TEXT;
        }
        return k;
    }

    private static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029' || c == '\u0085';
    }

    private static boolean isHorizontalSpace(char c) {
        return c == ' '
                || c == '\t'
                || c == '\u000B'
                || c == '\f'
                || c == '\u00A0'
                || c == '\u1680'
                || (c >= '\u2000' && c <= '\u200A')
                || c == '\u202F'
                || c == '\u205F'
                || c == '\u3000';
    }

    private static boolean isRemoved(char c) {
        return c < 0x20 || c == 0x7F || c == '\u200B' || c == '\uFEFF' || c == '\uFFFD';
    }
}
