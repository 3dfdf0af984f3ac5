package org.lwsspark.prep.filter;

import java.nio.CharBuffer;
import java.util.Arrays;
import java.util.List;
import org.lwsspark.prep.clean.Scripts;
import org.lwsspark.prep.config.QualityConfig;

/**
 * Gopher (Rae et al. 2021, appendix A) and C4 (Raffel et al. 2020) document quality rules. {@link #check} returns
 * the name of the first rule a document fails (the drop reason is {@code quality_} plus that name) or null.
 *
 * <p>The rules run in a fixed order and stop at the first failure: word statistics (one pass over the characters,
 * no string per word), then line, paragraph and n-gram repetition. Lines, paragraphs and n-grams are compared by
 * 64-bit hashes counted in an open-addressing table, never sorted and never cut into strings (two different ones
 * with the same hash are not told apart: too unlikely to matter). Words, lines and paragraphs are exactly those of
 * {@code text.split("\\s+")}, {@code split("\n")} and {@code split("\n\\s*\n")} (so a text that starts with
 * whitespace has a leading empty word, as split gives it), except that each CJK character is a word of its own
 * ({@link Scripts}); the mean word length rule does not apply to a text that is mostly such words.
 */
public final class QualityRules {
    /** The stop words of the Gopher rule, lower case; a word matches ignoring ASCII case. */
    private static final List<String> STOP_WORDS = List.of("the", "be", "to", "of", "and", "that", "have", "with");
    /** FNV-1a's offset basis: words hash as {@link MinHash#hash64} hashes them. */
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    /** FNV-1a's prime, also the base of the rolling n-gram hash and of the line hash. */
    private static final long P = 0x100000001b3L;

    private static final long P2 = P * P;
    private static final long P3 = P2 * P;
    private static final long P4 = P3 * P;
    /**
     * What a line may end in to count as ending a sentence: C4's set, and the CJK full stops and brackets. Thai has
     * no sentence-final mark (a space ends a sentence): a line that ends in a Thai letter counts too.
     */
    private static final String TERMINAL = ".!?\"')\u201d:\u3002\uff01\uff1f\u300d\u300f\uff09\uff1a";
    /** The shortest n-gram of the duplicate n-gram rule (which covers 5 .. 10 words). */
    private static final int FIRST_DUP_NGRAM = 5;

    private QualityRules() {}

    /** The first failed rule's name, or null when the document passes (or quality rules are off). */
    public static String check(String text, String lang, QualityConfig q) {
        if (!q.enabled()) return null;
        // One copy to an array: the scans below then index it directly (String.charAt re-checks its coder each time).
        char[] chars = text.toCharArray();
        Words words = Words.of(chars);
        int n = words.count;
        if (n < q.minWords() || n > q.maxWords()) return "word_count";
        double mean = words.chars() / (double) n;
        boolean spaceless = words.ownWords * 2 > n;
        if (!spaceless && (mean < q.minMeanWordLength() || mean > q.maxMeanWordLength())) return "mean_word_length";
        if (words.symbols / (double) n > q.maxSymbolWordRatio()) return "symbol_ratio";
        if (words.alphabetic / (double) n < q.minAlphaWordFraction()) return "alpha_words";
        if ("en".equals(lang) && words.stopWords < q.minStopWords()) return "stop_words";

        Lines lines = Lines.of(chars);
        if (lines.nonEmpty == 0) return "word_count";
        if (lines.bullets / (double) lines.nonEmpty > q.maxBulletLineFraction()) return "bullet_lines";
        if (lines.ellipsis / (double) lines.nonEmpty > q.maxEllipsisLineFraction()) return "ellipsis_lines";
        if (lines.terminal / (double) lines.nonEmpty < q.minTerminalPunctLineFraction()) return "terminal_punctuation";
        if (lines.duplicates / (double) lines.nonEmpty > q.maxDupLineFraction()) return "duplicate_lines";
        if (duplicateParagraphFraction(chars) > q.maxDupParagraphFraction()) return "duplicate_paragraphs";

        Ngrams ngrams = new Ngrams(words);
        if (ngrams.topNgramFailure(q.maxTopNgramFraction())) return "top_ngram";
        if (ngrams.dupNgramFailure(q.maxDupNgramFraction())) return "duplicate_ngrams";
        return null;
    }

    /** The characters of the regex {@code \s} as bits: space, tab, line feed, vertical tab, form feed, return. */
    private static final long SPACE_BITS = 1L << ' ' | 1L << '\t' | 1L << '\n' | 1L << 0x0B | 1L << '\f' | 1L << '\r';

    private static boolean isSpace(char c) {
        return c <= ' ' && (SPACE_BITS >>> c & 1) != 0;
    }

    /**
     * The words of a text (maximal runs of non-{@code \s} characters) with what the word rules count, and per word
     * its hash and length for the n-gram rules. A word's hash is {@link MinHash#hash64} of it (FNV-1a over its
     * characters, then mixed), computed while scanning: ties between equally frequent n-grams are broken by hash.
     */
    private static final class Words {
        int count;
        int alphabetic;
        int stopWords;
        int symbols;
        /** Words that are one CJK character ({@link Scripts#isWordOnItsOwn}). */
        int ownWords;
        /** {@code hashPrefix[i]}: the rolling hash of words 0..i-1 (sum of hash(w_j) * P^(i-1-j), mod 2^64). */
        long[] hashPrefix;
        /** {@code charPrefix[i]}: the characters of words 0..i-1. */
        int[] charPrefix;

        private Words(int expected) {
            hashPrefix = new long[expected + 1];
            charPrefix = new int[expected + 1];
        }

        static Words of(char[] t) {
            int len = t.length;
            Words w = new Words(len / 6 + 16);
            // split() gives one empty word for an empty text, and a leading one when a word follows leading space.
            if (len == 0) {
                w.addEmpty();
                return w;
            }
            int i = 0;
            while (i < len && isSpace(t[i])) i++;
            if (i > 0 && i < len) w.addEmpty();
            while (i < len) {
                int start = i;
                long h = FNV_OFFSET;
                boolean letter = false;
                boolean hash = false;
                boolean ellipsis = false;
                int dots = 0;
                if (Scripts.isWordOnItsOwn(t[i])) {
                    h = (h ^ t[i++]) * P;
                    letter = true;
                    w.ownWords++;
                } else if (Scripts.isThai(t[i])) {
                    // The run's words by the Thai dictionary: all but the last added here, the last below.
                    CharBuffer text = CharBuffer.wrap(t);
                    int[] b = Scripts.thaiWordBoundaries(text, i, Scripts.thaiRunEnd(text, i));
                    for (int k = 0; k + 2 < b.length; k++) {
                        w.alphabetic++;
                        w.add(MinHash.mix(fnv(t, b[k], b[k + 1])), b[k + 1] - b[k]);
                    }
                    start = b[b.length - 2];
                    i = b[b.length - 1];
                    h = fnv(t, start, i);
                    letter = true;
                } else {
                    for (char c;
                            i < len && !isSpace(c = t[i]) && !Scripts.isWordOnItsOwn(c) && !Scripts.isThai(c);
                            i++) {
                        h = (h ^ c) * P;
                        if (!letter) letter = Character.isLetter(c);
                        if (c == '#') hash = true;
                        dots = c == '.' ? dots + 1 : 0;
                        if (dots == 3 || c == '\u2026') ellipsis = true;
                    }
                }
                if (letter) w.alphabetic++;
                if (hash) w.symbols++;
                if (ellipsis) w.symbols++;
                if (isStopWord(t, start, i)) w.stopWords++;
                w.add(MinHash.mix(h), i - start);
                while (i < len && isSpace(t[i])) i++;
            }
            return w;
        }

        /** FNV-1a of {@code t[start, end)}, as the scan above computes it. */
        private static long fnv(char[] t, int start, int end) {
            long h = FNV_OFFSET;
            for (int i = start; i < end; i++) h = (h ^ t[i]) * P;
            return h;
        }

        private void addEmpty() {
            add(MinHash.mix(FNV_OFFSET), 0);
        }

        private void add(long wordHash, int chars) {
            if (count + 1 == hashPrefix.length) {
                hashPrefix = Arrays.copyOf(hashPrefix, hashPrefix.length * 2);
                charPrefix = Arrays.copyOf(charPrefix, charPrefix.length * 2);
            }
            hashPrefix[count + 1] = hashPrefix[count] * P + wordHash;
            charPrefix[count + 1] = charPrefix[count] + chars;
            count++;
        }

        /** Characters of all words (whitespace excluded). */
        long chars() {
            return charPrefix[count];
        }

        /** Characters of the {@code n} words from word {@code at}. */
        long chars(int at, int n) {
            return charPrefix[at + n] - charPrefix[at];
        }

        /** Hash of the {@code n} words from word {@code at}: the rolling hash, mixed; O(1) from the prefixes. */
        long gram(int at, int n, long pow) {
            return MinHash.mix(hashPrefix[at + n] - hashPrefix[at] * pow);
        }
    }

    /**
     * True when {@code t[start, end)} is a stop word in any case, as {@code toLowerCase(Locale.ROOT)} would match it.
     * Only ASCII letters can match: no other character lower-cases to one of their letters (U+212A KELVIN SIGN gives
     * 'k', in none of them), and {@code c | 0x20} equals a lower-case ASCII letter only for that letter in either case.
     */
    private static boolean isStopWord(char[] t, int start, int end) {
        int len = end - start;
        if (len < 2 || len > 4) return false;
        next:
        for (String stop : STOP_WORDS) {
            if (stop.length() != len) continue;
            for (int j = 0; j < len; j++) if ((t[start + j] | 0x20) != stop.charAt(j)) continue next;
            return true;
        }
        return false;
    }

    /** {@code P^n}, the factor that shifts a rolling hash by {@code n} words. */
    private static long pow(int n) {
        long pow = 1;
        for (int j = 0; j < n; j++) pow *= P;
        return pow;
    }

    /** The non-empty lines (stripped of {@link Character#isWhitespace} at both ends) and what the line rules count. */
    private static final class Lines {
        int nonEmpty;
        int bullets;
        int ellipsis;
        int terminal;
        /** Lines equal to an earlier line: the sum over distinct lines of (occurrences - 1). */
        int duplicates;

        static Lines of(char[] t) {
            Lines l = new Lines();
            LongCounts seen = new LongCounts(64);
            int len = t.length;
            for (int lineStart = 0; lineStart < len; ) {
                int lineEnd = lineStart;
                while (lineEnd < len && t[lineEnd] != '\n') lineEnd++;
                int s = stripStart(t, lineStart, lineEnd);
                int e = stripEnd(t, s, lineEnd);
                if (s < e) {
                    l.nonEmpty++;
                    char first = t[s];
                    if (first == '\u2022' || first == '*' || first == '-' || first == '\u2013') l.bullets++;
                    char last = t[e - 1];
                    boolean threeDots = e - s >= 3 && last == '.' && t[e - 2] == '.' && t[e - 3] == '.';
                    if (last == '\u2026' || threeDots) l.ellipsis++;
                    if (TERMINAL.indexOf(last) >= 0 || Scripts.isThai(last)) l.terminal++;
                    if (seen.increment(hash(t, s, e)) > 1) l.duplicates++;
                }
                lineStart = lineEnd + 1;
            }
            return l;
        }
    }

    /** The first index in {@code [start, end)} that is not whitespace as {@link String#strip} sees it, else end. */
    private static int stripStart(char[] t, int start, int end) {
        while (start < end && Character.isWhitespace(t[start])) start++;
        return start;
    }

    /** One past the last index in {@code [start, end)} that is not whitespace for {@link String#strip}, else start. */
    private static int stripEnd(char[] t, int start, int end) {
        while (end > start && Character.isWhitespace(t[end - 1])) end--;
        return end;
    }

    /**
     * A 64-bit hash of {@code t[start, end)} for comparing lines and paragraphs: the polynomial in {@link #P} over its
     * characters, four at a time (independent products the CPU overlaps, unlike FNV's one multiply per character in
     * sequence), then mixed.
     */
    private static long hash(char[] t, int start, int end) {
        long h = end - start;
        int i = start;
        for (; i + 4 <= end; i += 4) h = h * P4 + t[i] * P3 + t[i + 1] * P2 + t[i + 2] * P + t[i + 3];
        for (; i < end; i++) h = h * P + t[i];
        return MinHash.mix(h);
    }

    /**
     * Share of paragraphs (pieces of {@code text.split("\n\\s*\n")}, blank ones included in the count) equal, once
     * stripped, to an earlier non-blank one. The regex's separators are the maximal runs of {@code \s} that hold two
     * or more newlines, each from its first newline to its last. Split keeps a leading empty piece and drops a
     * trailing one; the text has a non-blank line here, so no other piece is empty.
     */
    private static double duplicateParagraphFraction(char[] t) {
        LongCounts seen = new LongCounts(16);
        int len = t.length;
        int pieces = 0;
        int duplicates = 0;
        int pieceStart = 0;
        int i = 0;
        while (true) {
            while (i < len && t[i] != '\n') i++;
            if (i == len) break;
            // t[i] is the first newline of its whitespace run (earlier ones were consumed with their run)
            int firstNewline = i;
            int lastNewline = i;
            for (i++; i < len && isSpace(t[i]); i++) if (t[i] == '\n') lastNewline = i;
            if (lastNewline == firstNewline) continue;
            pieces++;
            if (isDuplicateParagraph(t, pieceStart, firstNewline, seen)) duplicates++;
            pieceStart = lastNewline + 1;
        }
        if (pieces == 0) return 0; // no separator: the whole text is one paragraph
        if (pieceStart < len) {
            pieces++;
            if (isDuplicateParagraph(t, pieceStart, len, seen)) duplicates++;
        }
        return duplicates / (double) pieces;
    }

    /** Whether the stripped piece {@code t[start, end)} is non-blank and was seen before (it is recorded). */
    private static boolean isDuplicateParagraph(char[] t, int start, int end, LongCounts seen) {
        int s = stripStart(t, start, end);
        int e = stripEnd(t, s, end);
        return s < e && seen.increment(hash(t, s, e)) > 1;
    }

    /**
     * The n-gram rules over one text's words. Each n-gram is a hash ({@link Words#gram}) counted in a table. Only
     * n-grams that occur more than once matter to either rule, and an n-gram can occur twice only where its
     * (n-1)-word prefix does: so each length counts only the candidate positions the previous length left (all at
     * first; a few percent of them for 4-grams of prose).
     */
    private static final class Ngrams {
        private final Words words;
        /** Ascending word positions; every n-gram of the lengths counted so far that starts elsewhere is unique. */
        private int[] candidates;

        Ngrams(Words words) {
            this.words = words;
            candidates = new int[words.count];
            for (int i = 0; i < candidates.length; i++) candidates[i] = i;
        }

        /**
         * Share of characters covered by the most frequent n-gram, for n = 2, 3, 4 (its count times its characters;
         * among equally frequent n-grams, the one with the smallest hash, as the sorted scan this replaces chose).
         * Candidates are narrowed only below {@link #FIRST_DUP_NGRAM}, so that they still hold every position where
         * {@link #dupNgramFailure} can find a repeat.
         */
        boolean topNgramFailure(List<Double> limits) {
            for (int k = 0; k < limits.size(); k++) {
                int n = k + 2;
                int count = words.count - n + 1;
                if (count < 2) break;
                long pow = pow(n);
                LongCounts counts = new LongCounts(candidates.length);
                int best = 1;
                long bestHash = 0;
                long bestChars = 0;
                for (int at : candidates) {
                    if (at >= count) break;
                    long g = words.gram(at, n, pow);
                    int c = counts.increment(g);
                    if (c > best || c == best && c > 1 && g < bestHash) {
                        best = c;
                        bestHash = g;
                        bestChars = words.chars(at, n);
                    }
                }
                if (n < FIRST_DUP_NGRAM) keepRepeated(counts, n, pow);
                if (best < 2) continue;
                if ((double) best * bestChars / words.chars() > limits.get(k)) return true;
            }
            return false;
        }

        /** Keeps the candidates whose n-gram occurs more than once. */
        private void keepRepeated(LongCounts counts, int n, long pow) {
            int count = words.count - n + 1;
            int kept = 0;
            for (int at : candidates) {
                if (at >= count) break;
                if (counts.get(words.gram(at, n, pow)) > 1) candidates[kept++] = at;
            }
            candidates = Arrays.copyOf(candidates, kept);
        }

        /**
         * Share of characters in repeated n-grams, for n = 5 .. 10: scanning left to right, an n-gram seen before
         * counts its characters and the scan jumps past it (the first occurrence is not counted; as in datatrove's
         * Gopher rule). The scan only changes course at a repeat, so it visits just the candidates it has not jumped
         * past: elsewhere it would record unique n-grams and step on.
         */
        boolean dupNgramFailure(List<Double> limits) {
            for (int k = 0; k < limits.size(); k++) {
                int n = k + FIRST_DUP_NGRAM;
                if (words.count < n) break;
                long pow = pow(n);
                LongCounts seen = new LongCounts(candidates.length);
                long repeatedChars = 0;
                int next = 0;
                for (int at : candidates) {
                    if (at + n > words.count) break;
                    if (at < next) continue;
                    if (seen.increment(words.gram(at, n, pow)) > 1) {
                        repeatedChars += words.chars(at, n);
                        next = at + n;
                    }
                }
                if (repeatedChars / (double) words.chars() > limits.get(k)) return true;
            }
            return false;
        }
    }

    /** Counts of 64-bit keys (already well mixed hashes) with open addressing: no boxing; grows at half full. */
    private static final class LongCounts {
        private long[] keys;
        private int[] counts;
        private int size;

        LongCounts(int expected) {
            int cap = Integer.highestOneBit(Math.max(8, expected) - 1) << 2;
            keys = new long[cap];
            counts = new int[cap];
        }

        /** Adds one occurrence of {@code key}; returns its count now. */
        int increment(long key) {
            int mask = keys.length - 1;
            int i = (int) key & mask;
            while (counts[i] != 0) {
                if (keys[i] == key) return ++counts[i];
                i = (i + 1) & mask;
            }
            keys[i] = key;
            counts[i] = 1;
            if (++size * 2 > keys.length) grow();
            return 1;
        }

        int get(long key) {
            int mask = keys.length - 1;
            for (int i = (int) key & mask; counts[i] != 0; i = (i + 1) & mask) {
                if (keys[i] == key) return counts[i];
            }
            return 0;
        }

        private void grow() {
            long[] oldKeys = keys;
            int[] oldCounts = counts;
            keys = new long[oldKeys.length * 2];
            counts = new int[oldKeys.length * 2];
            int mask = keys.length - 1;
            for (int j = 0; j < oldKeys.length; j++) {
                if (oldCounts[j] == 0) continue;
                int i = (int) oldKeys[j] & mask;
                while (counts[i] != 0) i = (i + 1) & mask;
                keys[i] = oldKeys[j];
                counts[i] = oldCounts[j];
            }
        }
    }
}
