package org.lwsspark.prep.clean;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.parser.Parser;

/**
 * Wikitext to plain text. Removed: comments, templates and parser functions (infoboxes, citations, navboxes),
 * tables, references and other extension tags (math, gallery, timeline...), file/image links, categories,
 * interlanguage links, magic words, and the reference-only sections (References, External links, See also...).
 * Kept as text: headings (on their own line), paragraphs, list items (without their markers), link labels,
 * external link labels, bold/italic text. HTML entities are decoded. Any unbalanced markup left ({{ }} [[ ]] {| |})
 * is stripped at the end so that none reaches the tokenizer.
 *
 * <p>Every pass runs on every page, so none of them uses a regular expression to find markup: an unanchored
 * pattern tries a match at every character, where {@link String#indexOf} jumps to the next candidate (a '<', a
 * "{{") and a hand-written check decides there. Each check matches exactly what the regular expression it replaced
 * matched (its comment gives the expression): the output is the same as theirs.
 */
public final class WikitextCleaner {
    /** Extension tags whose content is not prose, in lower case (their names match ASCII case-insensitively). */
    private static final String[] DROPPED_TAGS = {
        "ref",
        "references",
        "math",
        "chem",
        "ce",
        "gallery",
        "timeline",
        "syntaxhighlight",
        "source",
        "score",
        "graph",
        "templatedata",
        "templatestyles",
        "imagemap",
        "mapframe",
        "maplink",
        "hiero",
        "includeonly",
        "indicator",
        "categorytree",
        "inputbox",
        "charinsert"
    };
    /** Every residue pair has one of these. */
    private static final char[] BRACKETS = {'{', '}', '[', ']'};
    /** What may follow the '[' of an external link. */
    private static final String[] URL_SCHEMES = {"http:", "https:", "ftp:", "//", "mailto:"};

    private static final Pattern HEADING = Pattern.compile("^(=+)\\s*(.*?)\\s*\\1\\s*$");

    /** Namespaces whose links are not text: files, images, media and categories, in the larger wikis' languages. */
    private static final Set<String> DROPPED_NAMESPACES = Set.of(
            "file",
            "image",
            "media",
            "category",
            "datei",
            "bild",
            "kategorie",
            "fichier",
            "catégorie",
            "archivo",
            "imagen",
            "categoría",
            "файл",
            "изображение",
            "категория",
            "ファイル",
            "画像",
            "カテゴリ",
            "文件",
            "图像",
            "分类",
            "ملف",
            "تصنيف",
            "चित्र",
            "श्रेणी",
            "file talk",
            "categoria",
            "ficheiro",
            "immagine",
            "plik",
            "kategoria",
            "bestand",
            "categorie",
            "afbeelding");
    /** Sections made of references and links, not prose. */
    private static final Set<String> DROPPED_SECTIONS = Set.of(
            "references",
            "external links",
            "see also",
            "further reading",
            "notes",
            "bibliography",
            "sources",
            "footnotes",
            "citations",
            "notes and references",
            "references and notes",
            "works cited",
            "external link",
            "reference");

    private WikitextCleaner() {}

    public static String clean(String wikitext) {
        if (wikitext == null || wikitext.isEmpty()) return "";
        // Each pass is skipped when its trigger is absent: most passes find nothing in most pages.
        String t = wikitext;
        if (t.contains("<!--")) t = removeComments(t);
        boolean tags = t.indexOf('<') >= 0;
        if (tags) {
            // Three passes, each on the previous one's output: removing a tag can join text into a new one.
            t = replaceSpans(t, '<', WikitextCleaner::selfClosingDroppedTagEnd, "");
            t = replaceSpans(t, '<', WikitextCleaner::pairedDroppedTagEnd, "");
            t = replaceSpans(t, '<', WikitextCleaner::openDroppedTagEnd, ""); // unclosed <ref>: drop the tag alone
        }
        if (t.contains("{{")) t = removeNested(t, "{{", "}}");
        if (t.contains("{|")) t = removeTables(t);
        if (t.contains("[[")) t = links(t);
        if (t.indexOf('[') >= 0) t = externalLinks(t);
        if (tags) {
            t = replaceSpans(t, '<', WikitextCleaner::lineBreakEnd, "\n");
            t = replaceSpans(t, '<', WikitextCleaner::htmlTagEnd, "");
        }
        if (t.contains("''")) t = replaceSpans(t, '\'', WikitextCleaner::boldItalicEnd, "");
        if (t.contains("__")) t = replaceSpans(t, '_', WikitextCleaner::magicWordEnd, "");
        t = lines(t);
        if (t.indexOf('&') >= 0) {
            t = decodeEntities(t);
            // Decoding may reveal markup that was escaped in the source; none of it is prose.
            if (t.indexOf('<') >= 0) t = replaceSpans(t, '<', WikitextCleaner::htmlTagEnd, "");
        }
        return TextNormalizer.normalize(stripResidue(t));
    }

    /** Comments removed by indexOf (a lazy DOTALL regex crawls through long comments); unclosed ones run to the end. */
    static String removeComments(String s) {
        Splice out = new Splice(s);
        for (int open = s.indexOf("<!--"); open >= 0; ) {
            int close = s.indexOf("-->", open + 4);
            int end = close < 0 ? s.length() : close + 3;
            out.cut(open, end, "");
            open = s.indexOf("<!--", end);
        }
        return out.result();
    }

    /** Drops any markup pair left unbalanced: {{ }} [[ ]] {| |} (one pass, no regex: it ran on every page). */
    static String stripResidue(String s) {
        int first = firstResidue(s);
        if (first < 0) return s;
        Splice out = new Splice(s);
        int n = s.length();
        for (int i = first; i + 1 < n; i++) {
            char a = s.charAt(i);
            char b = s.charAt(i + 1);
            boolean pair = (a == '{' && (b == '{' || b == '|'))
                    || (a == '}' && b == '}')
                    || (a == '[' && b == '[')
                    || (a == ']' && b == ']')
                    || (a == '|' && b == '}');
            if (pair) {
                out.cut(i, i + 2, "");
                i++;
            }
        }
        return out.result();
    }

    /**
     * An index at or before the first residue pair, or -1 when there is none (most pages: four indexOf of a
     * bracket find that faster than a loop over the characters).
     */
    private static int firstResidue(String s) {
        int first = Integer.MAX_VALUE;
        for (char bracket : BRACKETS) {
            int at = s.indexOf(bracket);
            if (at >= 0) first = Math.min(first, at);
        }
        return first == Integer.MAX_VALUE ? -1 : Math.max(0, first - 1); // "|}" starts before its bracket
    }

    /** Decodes HTML entities until none are left (dumps often double-escape: &amp;nbsp;). */
    static String decodeEntities(String t) {
        for (int i = 0; i < 3 && containsEntity(t); i++) {
            t = Parser.unescapeEntities(t, false);
        }
        return replaceSpans(t, '&', WikitextCleaner::entityEnd, " "); // unknown to jsoup: not text either
    }

    private static boolean containsEntity(String s) {
        for (int amp = s.indexOf('&'); amp >= 0; amp = s.indexOf('&', amp + 1)) {
            if (entityEnd(s, amp) >= 0) return true;
        }
        return false;
    }

    /** Removes balanced open...close spans, innermost nesting included; an unbalanced opener is dropped alone. */
    static String removeNested(String s, String open, String close) {
        Splice out = new Splice(s);
        for (int start = s.indexOf(open); start >= 0; ) {
            int end = balancedEnd(s, start, open, close);
            int resume = end >= 0 ? end : start + open.length();
            out.cut(start, resume, "");
            start = s.indexOf(open, resume);
        }
        return out.result();
    }

    /**
     * The end of the span that opens at {@code start} (where {@code open} is), once as many closers as openers
     * have been seen, or -1 when that never happens. Openers and closers are read left to right and do not overlap.
     */
    private static int balancedEnd(String s, int start, String open, String close) {
        int depth = 0;
        int nextOpen = start;
        int nextClose = s.indexOf(close, start);
        while (nextOpen >= 0 || nextClose >= 0) {
            int resume;
            if (nextOpen >= 0 && (nextClose < 0 || nextOpen <= nextClose)) {
                depth++;
                resume = nextOpen + open.length();
            } else {
                depth--;
                resume = nextClose + close.length();
                if (depth == 0) return resume;
            }
            if (nextOpen >= 0 && nextOpen < resume) nextOpen = s.indexOf(open, resume);
            if (nextClose >= 0 && nextClose < resume) nextClose = s.indexOf(close, resume);
        }
        return -1;
    }

    /** Tables open with "{|" and close with "|}" at the start of a line; nested tables included. */
    static String removeTables(String s) {
        TextBuilder out = new TextBuilder(s.length() + 1);
        int depth = 0;
        int n = s.length();
        int keptFrom = 0; // the kept lines from here on are copied in one go when a table starts
        for (int start = 0; start <= n; ) {
            int end = s.indexOf('\n', start);
            if (end < 0) end = n;
            int first = firstNonWhitespace(s, start, end);
            boolean opens = s.startsWith("{|", first);
            if (depth == 0 && !opens) {
                end = nextTableLineEnd(s, end); // kept: so are the lines up to the next table
            } else {
                if (depth == 0) out.append(s, keptFrom, start);
                if (opens) {
                    depth++;
                } else if (s.startsWith("|}", first)) {
                    depth--;
                }
                keptFrom = end + 1;
            }
            start = end + 1;
        }
        // Every kept line ends with a newline, the last one included.
        if (keptFrom <= n) out.append(s, keptFrom, n).append('\n');
        return out.toString();
    }

    /** The end of the line before the next line whose first non-blank characters are "{|", or the end of text. */
    private static int nextTableLineEnd(String s, int lineEnd) {
        for (int table = s.indexOf("{|", lineEnd); table >= 0; table = s.indexOf("{|", table + 2)) {
            int lineStart = s.lastIndexOf('\n', table) + 1;
            if (firstNonWhitespace(s, lineStart, table) == table) return lineStart - 1;
        }
        return s.length();
    }

    /** The first index in [from, to) that is not whitespace (as String.strip sees it), or {@code to}. */
    private static int firstNonWhitespace(String s, int from, int to) {
        while (from < to && Character.isWhitespace(s.charAt(from))) from++;
        return from;
    }

    /** The index after the last character in [from, to) that is not whitespace (as String.strip sees it). */
    private static int endOfNonWhitespace(String s, int from, int to) {
        while (to > from && Character.isWhitespace(s.charAt(to - 1))) to--;
        return to;
    }

    /** Internal links to their label; file, category and interlanguage links removed. */
    static String links(String s) {
        Splice out = new Splice(s);
        for (int start = s.indexOf("[["); start >= 0; ) {
            int end = balancedEnd(s, start, "[[", "]]");
            if (end < 0) { // unbalanced: drop the brackets, keep the text
                out.cut(start, start + 2, "");
                start = s.indexOf("[[", start + 2);
            } else {
                out.cut(start, end, linkText(s.substring(start + 2, end - 2)));
                start = s.indexOf("[[", end);
            }
        }
        return out.result();
    }

    private static String linkText(String inner) {
        boolean visible = inner.startsWith(":");
        if (visible) inner = inner.substring(1);
        int bar = inner.indexOf('|');
        String target = (bar < 0 ? inner : inner.substring(0, bar)).strip();
        int colon = target.indexOf(':');
        if (colon > 0 && !visible) {
            String ns = target.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            if (DROPPED_NAMESPACES.contains(ns) || isLanguagePrefix(ns)) return "";
        }
        if (bar >= 0) {
            String label = inner.substring(bar + 1);
            if (label.isBlank()) return target.replaceAll("\\s*\\(.*\\)$", ""); // pipe trick
            return links(label);
        }
        if (colon > 0) target = target.substring(colon + 1); // [[wikt:word]] -> word
        if (target.startsWith("#")) target = target.substring(1);
        int hash = target.indexOf('#');
        return hash > 0 ? target.substring(0, hash) : target;
    }

    /** {@code [a-z]{2,3}(-[a-z0-9]+)*} (be-x-old included) or simple: the prefix of an interlanguage link. */
    private static boolean isLanguagePrefix(String ns) {
        if (ns.equals("simple")) return true;
        int i = 0;
        while (i < ns.length() && isLowerAsciiLetter(ns.charAt(i))) i++;
        if (i < 2 || i > 3) return false;
        while (i < ns.length()) {
            if (ns.charAt(i++) != '-') return false;
            int part = i;
            while (i < ns.length() && (isLowerAsciiLetter(ns.charAt(i)) || isAsciiDigit(ns.charAt(i)))) i++;
            if (i == part) return false;
        }
        return true;
    }

    /** {@code [http://url label]} to its label, as {@code \[(?:https?:|ftp:|//|mailto:)[^\s\]]*\s*([^\]]*)\]}. */
    private static String externalLinks(String s) {
        Splice out = new Splice(s);
        for (int open = s.indexOf('['); open >= 0; ) {
            int url = open + 1 + urlSchemeLength(s, open + 1);
            int close = url > open + 1 ? s.indexOf(']', url) : -1;
            if (close < 0) {
                open = s.indexOf('[', open + 1);
                continue;
            }
            int label = url;
            while (label < close && !isRegexSpace(s.charAt(label))) label++;
            while (isRegexSpace(s.charAt(label))) label++;
            out.cut(open, label, "");
            out.cut(close, close + 1, "");
            open = s.indexOf('[', close + 1);
        }
        return out.result();
    }

    private static int urlSchemeLength(String s, int at) {
        for (String scheme : URL_SCHEMES) {
            if (s.startsWith(scheme, at)) return scheme.length();
        }
        return 0;
    }

    /** Headings on their own line, list markers and table residue removed, reference sections dropped. */
    private static String lines(String s) {
        TextBuilder out = new TextBuilder(s.length() + 1);
        int skipLevel = 0; // > 0 while inside a dropped section of that heading level
        int n = s.length();
        for (int start = 0; start <= n; ) {
            int lineEnd = s.indexOf('\n', start);
            if (lineEnd < 0) lineEnd = n;
            int from = firstNonWhitespace(s, start, lineEnd);
            int to = endOfNonWhitespace(s, from, lineEnd);
            start = lineEnd + 1;
            if (from == to) {
                if (skipLevel == 0) out.append('\n');
                continue;
            }
            char first = s.charAt(from);
            if (first == '=') {
                var h = HEADING.matcher(s.substring(from, to));
                if (h.matches()) {
                    int level = h.group(1).length();
                    String title = h.group(2).strip();
                    if (skipLevel > 0 && level > skipLevel) continue;
                    skipLevel = DROPPED_SECTIONS.contains(title.toLowerCase(Locale.ROOT)) ? level : 0;
                    if (skipLevel == 0 && !title.isEmpty())
                        out.append('\n').append(title).append("\n\n");
                    continue;
                }
            }
            if (skipLevel > 0) continue;
            boolean tableResidueOrRule = first == '|' || first == '!' || (to - from >= 4 && s.startsWith("----", from));
            if (tableResidueOrRule) continue;
            if (isListMark(first)) from = afterListMarks(s, from, to);
            out.append(s, from, to).append('\n');
        }
        return out.toString();
    }

    private static boolean isListMark(char c) {
        return c == '*' || c == '#' || c == ':' || c == ';';
    }

    /** Where the item's text starts, after {@code ^[*#:;]+\s*}. */
    private static int afterListMarks(String s, int from, int to) {
        while (from < to && isListMark(s.charAt(from))) from++;
        while (from < to && isRegexSpace(s.charAt(from))) from++;
        return from;
    }

    /** Where a span of markup that starts at {@code at} ends (exclusive), or -1 when none starts there. */
    @FunctionalInterface
    private interface SpanEnd {
        int at(String s, int at);
    }

    /**
     * Replaces the spans that {@code span} finds at occurrences of {@code first}, leftmost first and without
     * overlap (what Matcher.replaceAll does for a pattern that starts with that character).
     */
    private static String replaceSpans(String s, char first, SpanEnd span, String replacement) {
        Splice out = new Splice(s);
        for (int start = s.indexOf(first); start >= 0; ) {
            int end = span.at(s, start);
            if (end < 0) {
                start = s.indexOf(first, start + 1);
            } else {
                out.cut(start, end, replacement);
                start = s.indexOf(first, end);
            }
        }
        return out.result();
    }

    /** {@code <(DROPPED_TAGS)\b[^>]*} then {@code /\s*>}, case-insensitive: {@code <ref name="a" />}. */
    private static int selfClosingDroppedTagEnd(String s, int at) {
        int nameEnd = droppedTagNameEnd(s, at);
        int gt = nameEnd < 0 ? -1 : s.indexOf('>', nameEnd);
        if (gt < 0) return -1;
        int slash = gt - 1;
        while (slash >= nameEnd && isRegexSpace(s.charAt(slash))) slash--;
        return slash >= nameEnd && s.charAt(slash) == '/' ? gt + 1 : -1;
    }

    /** {@code <(DROPPED_TAGS)\b[^>]*>.*?</\1\s*>}, case-insensitive, across lines: a tag with its content. */
    private static int pairedDroppedTagEnd(String s, int at) {
        int nameEnd = droppedTagNameEnd(s, at);
        int gt = nameEnd < 0 ? -1 : s.indexOf('>', nameEnd);
        if (gt < 0) return -1;
        for (int close = s.indexOf("</", gt + 1); close >= 0; close = s.indexOf("</", close + 1)) {
            int end = closingTagEnd(s, close, at + 1, nameEnd);
            if (end >= 0) return end;
        }
        return -1;
    }

    /** {@code </name\s*>} at {@code at}, the name compared ASCII case-insensitively with s[nameFrom, nameTo). */
    private static int closingTagEnd(String s, int at, int nameFrom, int nameTo) {
        int i = at + 2;
        int nameLength = nameTo - nameFrom;
        if (i + nameLength > s.length()) return -1;
        for (int k = 0; k < nameLength; k++) {
            if (asciiLower(s.charAt(i + k)) != asciiLower(s.charAt(nameFrom + k))) return -1;
        }
        i += nameLength;
        while (i < s.length() && isRegexSpace(s.charAt(i))) i++;
        return i < s.length() && s.charAt(i) == '>' ? i + 1 : -1;
    }

    /** {@code <(DROPPED_TAGS)\b[^>]*>}, case-insensitive: an opening tag never closed. */
    private static int openDroppedTagEnd(String s, int at) {
        int nameEnd = droppedTagNameEnd(s, at);
        int gt = nameEnd < 0 ? -1 : s.indexOf('>', nameEnd);
        return gt < 0 ? -1 : gt + 1;
    }

    /** {@code <(DROPPED_TAGS)\b}, case-insensitive: the end of the tag name, or -1. */
    private static int droppedTagNameEnd(String s, int at) {
        int from = at + 1;
        int to = from;
        while (to < s.length() && isAsciiLetter(s.charAt(to))) to++;
        if (to == from || !atWordEnd(s, to)) return -1;
        for (String tag : DROPPED_TAGS) {
            if (tag.length() == to - from && equalsIgnoreAsciiCase(s, from, tag)) return to;
        }
        return -1;
    }

    /** Whether s[from...] holds {@code lowerCaseLetters} in any ASCII case ('K', not the Kelvin sign, is 'k'). */
    private static boolean equalsIgnoreAsciiCase(String s, int from, String lowerCaseLetters) {
        for (int k = 0; k < lowerCaseLetters.length(); k++) {
            // Setting bit 0x20 lower-cases an ASCII letter and turns no other character into one.
            if ((s.charAt(from + k) | 0x20) != lowerCaseLetters.charAt(k)) return false;
        }
        return true;
    }

    /** {@code <br>}, {@code <BR />}...: "br" in any case, ASCII spaces, an optional '/', then '>'. */
    private static int lineBreakEnd(String s, int at) {
        int i = at + 1;
        if (i + 2 > s.length() || !equalsIgnoreAsciiCase(s, i, "br")) return -1;
        i += 2;
        while (i < s.length() && isRegexSpace(s.charAt(i))) i++;
        if (i < s.length() && s.charAt(i) == '/') i++;
        return i < s.length() && s.charAt(i) == '>' ? i + 1 : -1;
    }

    /** {@code </?[a-zA-Z][a-zA-Z0-9]*\b[^<>]*>}: any HTML tag left. */
    private static int htmlTagEnd(String s, int at) {
        int n = s.length();
        int i = at + 1;
        if (i < n && s.charAt(i) == '/') i++;
        if (i >= n || !isAsciiLetter(s.charAt(i))) return -1;
        i++;
        while (i < n && (isAsciiLetter(s.charAt(i)) || isAsciiDigit(s.charAt(i)))) i++;
        if (!atWordEnd(s, i)) return -1;
        while (i < n && s.charAt(i) != '>' && s.charAt(i) != '<') i++;
        return i < n && s.charAt(i) == '>' ? i + 1 : -1;
    }

    /** {@code '{2,}}: bold and italic quotes. */
    private static int boldItalicEnd(String s, int at) {
        int i = at;
        while (i < s.length() && s.charAt(i) == '\'') i++;
        return i - at >= 2 ? i : -1;
    }

    /** {@code __[A-Z]+__}: behaviour switches such as __TOC__. */
    private static int magicWordEnd(String s, int at) {
        if (!s.startsWith("__", at)) return -1;
        int i = at + 2;
        while (i < s.length() && s.charAt(i) >= 'A' && s.charAt(i) <= 'Z') i++;
        return i > at + 2 && s.startsWith("__", i) ? i + 2 : -1;
    }

    /** {@code &(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);}: a character reference. */
    private static int entityEnd(String s, int at) {
        int n = s.length();
        int i = at + 1;
        if (i < n && s.charAt(i) == '#') {
            i++;
            boolean hex = i < n && (s.charAt(i) == 'x' || s.charAt(i) == 'X');
            int digits = hex ? i + 1 : i;
            i = digits;
            while (i < n && (hex ? isHexDigit(s.charAt(i)) : isAsciiDigit(s.charAt(i)))) i++;
            if (i == digits) return -1;
        } else {
            if (i >= n || !isAsciiLetter(s.charAt(i))) return -1;
            while (i < n && (isAsciiLetter(s.charAt(i)) || isAsciiDigit(s.charAt(i)))) i++;
        }
        return i < n && s.charAt(i) == ';' ? i + 1 : -1;
    }

    /**
     * Whether a word ends before index {@code i}, as {@code \b} decided after a tag name in the regular expressions
     * these checks replaced (Java 17: letters and digits of any script, '_' and combining marks continue a word).
     */
    private static boolean atWordEnd(String s, int i) {
        if (i >= s.length()) return true;
        int c = s.codePointAt(i);
        return c != '_' && !Character.isLetterOrDigit(c) && Character.getType(c) != Character.NON_SPACING_MARK;
    }

    /** {@code \s} of java.util.regex: ASCII whitespace only. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    private static boolean isLowerAsciiLetter(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(char c) {
        return isAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static char asciiLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    /** A copy of a string with spans cut out or replaced; the string itself when nothing was cut. */
    private static final class Splice {
        private final String s;
        private TextBuilder out;
        private int copied; // s[0, copied) is in out

        Splice(String s) {
            this.s = s;
        }

        /** Replaces s[start, end) with {@code replacement}; spans must come in order and not overlap. */
        void cut(int start, int end, String replacement) {
            if (out == null) out = new TextBuilder(s.length());
            out.append(s, copied, start).append(replacement);
            copied = end;
        }

        String result() {
            return out == null ? s : out.append(s, copied, s.length()).toString();
        }
    }

    /**
     * A StringBuilder for slices of strings. JDK 17's StringBuilder starts in Latin-1 and copies a UTF-16 string
     * character by character until it meets a character outside Latin-1: on an English page whose first dash
     * comes late, that was 6 ns per character and pass; String.getChars copies in bulk (1 ns).
     */
    private static final class TextBuilder {
        private char[] chars;
        private int length;

        TextBuilder(int capacity) {
            chars = new char[capacity];
        }

        TextBuilder append(String s, int from, int to) {
            reserve(to - from);
            s.getChars(from, to, chars, length);
            length += to - from;
            return this;
        }

        TextBuilder append(String s) {
            return append(s, 0, s.length());
        }

        TextBuilder append(char c) {
            reserve(1);
            chars[length++] = c;
            return this;
        }

        private void reserve(int more) {
            if (length + more > chars.length) chars = Arrays.copyOf(chars, Math.max(2 * chars.length, length + more));
        }

        @Override
        public String toString() {
            return new String(chars, 0, length);
        }
    }
}
