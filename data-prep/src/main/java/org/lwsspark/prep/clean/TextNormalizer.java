package org.lwsspark.prep.clean;

import java.text.Normalizer;

/**
 * Unicode NFC and whitespace normalisation: the same text always gives the same bytes and tokens (and the same
 * dedup hash). Paragraphs stay separated by one blank line, lines by a newline, words by one space; control
 * characters, zero-width spaces, BOMs and replacement characters are removed. One pass over the characters (this
 * runs on every document: regular expressions were a third of the cleaning time).
 */
public final class TextNormalizer {
    private TextNormalizer() {
    }

    public static String normalize(String text) {
        if (text == null || text.isEmpty()) return "";
        String t = Normalizer.isNormalized(text, Normalizer.Form.NFC) ? text
                : Normalizer.normalize(text, Normalizer.Form.NFC);
        int n = t.length();
        StringBuilder out = new StringBuilder(n);
        int newlines = 0; // pending line breaks (capped at 2: one blank line)
        boolean space = false; // a pending space inside a line
        boolean lineHasText = false;
        for (int i = 0; i < n; i++) {
            char c = t.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029' || c == '\u0085') {
                if (c == '\r' && i + 1 < n && t.charAt(i + 1) == '\n') i++;
                if (lineHasText || newlines > 0) newlines = Math.min(2, newlines + 1);
                lineHasText = false;
                space = false;
            } else if (isHorizontalSpace(c)) {
                space = lineHasText;
            } else if (isRemoved(c)) {
                // dropped
            } else {
                if (newlines > 0 && out.length() > 0) {
                    out.append(newlines >= 2 ? "\n\n" : "\n");
                } else if (space) {
                    out.append(' ');
                }
                newlines = 0;
                space = false;
                lineHasText = true;
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isHorizontalSpace(char c) {
        return c == ' ' || c == '\t' || c == '\u000B' || c == '\f' || c == '\u00A0' || c == '\u1680'
                || (c >= '\u2000' && c <= '\u200A') || c == '\u202F' || c == '\u205F' || c == '\u3000';
    }

    private static boolean isRemoved(char c) {
        return c < 0x20 || c == 0x7F || c == '\u200B' || c == '\uFEFF' || c == '\uFFFD';
    }

    /** The key of exact deduplication: lower case, words separated by single spaces, punctuation kept. */
    public static String dedupKey(String normalized) {
        StringBuilder b = new StringBuilder(normalized.length());
        boolean space = false;
        for (int i = 0; i < normalized.length(); i++) {
            char c = normalized.charAt(i);
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
