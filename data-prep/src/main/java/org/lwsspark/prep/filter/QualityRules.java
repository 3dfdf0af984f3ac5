package org.lwsspark.prep.filter;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gopher (Rae et al. 2021, appendix A) and C4 (Raffel et al. 2020) document quality rules. {@link #check} returns
 * the name of the first rule a document fails (the drop reason is {@code quality_} plus that name) or null.
 */
public final class QualityRules {
    private static final Set<String> STOP_WORDS = Set.of("the", "be", "to", "of", "and", "that", "have", "with");

    private QualityRules() {
    }

    /** The first failed rule's name, or null when the document passes (or quality rules are off). */
    public static String check(String text, String lang, QualityConfig q) {
        if (!q.enabled()) return null;
        String[] words = text.split("\\s+");
        int n = words.length;
        if (n < q.minWords() || n > q.maxWords()) return "word_count";
        long letters = 0;
        int alphaWords = 0;
        int stop = 0;
        int symbols = 0;
        for (String w : words) {
            letters += w.length();
            boolean alpha = false;
            for (int i = 0; i < w.length() && !alpha; i++) alpha = Character.isLetter(w.charAt(i));
            if (alpha) alphaWords++;
            if (w.length() <= 4 && STOP_WORDS.contains(w.toLowerCase(java.util.Locale.ROOT))) stop++;
            if (w.indexOf('#') >= 0) symbols++;
            if (w.contains("...") || w.indexOf('\u2026') >= 0) symbols++;
        }
        double mean = letters / (double) n;
        if (mean < q.minMeanWordLength() || mean > q.maxMeanWordLength()) return "mean_word_length";
        if (symbols / (double) n > q.maxSymbolWordRatio()) return "symbol_ratio";
        if (alphaWords / (double) n < q.minAlphaWordFraction()) return "alpha_words";
        if ("en".equals(lang) && stop < q.minStopWords()) return "stop_words";

        String[] lines = text.split("\n");
        int nonEmpty = 0;
        int bullets = 0;
        int ellipsis = 0;
        int terminal = 0;
        Map<String, Integer> lineCounts = new HashMap<>();
        for (String l : lines) {
            String s = l.strip();
            if (s.isEmpty()) continue;
            nonEmpty++;
            if (s.startsWith("\u2022") || s.startsWith("*") || s.startsWith("-") || s.startsWith("\u2013")) bullets++;
            if (s.endsWith("...") || s.endsWith("\u2026")) ellipsis++;
            char last = s.charAt(s.length() - 1);
            if (".!?\"')\u201d:".indexOf(last) >= 0) terminal++;
            lineCounts.merge(s, 1, Integer::sum);
        }
        if (nonEmpty == 0) return "word_count";
        if (bullets / (double) nonEmpty > q.maxBulletLineFraction()) return "bullet_lines";
        if (ellipsis / (double) nonEmpty > q.maxEllipsisLineFraction()) return "ellipsis_lines";
        if (terminal / (double) nonEmpty < q.minTerminalPunctLineFraction()) return "terminal_punctuation";
        int dupLines = lineCounts.values().stream().mapToInt(c -> c > 1 ? c - 1 : 0).sum();
        if (dupLines / (double) nonEmpty > q.maxDupLineFraction()) return "duplicate_lines";
        String[] paras = text.split("\n\\s*\n");
        Set<String> seen = new HashSet<>();
        int dupParas = 0;
        for (String p : paras) {
            if (!p.isBlank() && !seen.add(p.strip())) dupParas++;
        }
        if (dupParas / (double) paras.length > q.maxDupParagraphFraction()) return "duplicate_paragraphs";
        long[] wordHash = new long[words.length];
        for (int i = 0; i < words.length; i++) wordHash[i] = MinHash.hash64(words[i]);
        if (topNgramFailure(words, wordHash, letters, q.maxTopNgramFraction())) return "top_ngram";
        if (dupNgramFailure(words, wordHash, letters, q.maxDupNgramFraction())) return "duplicate_ngrams";
        return null;
    }

    private static final long P = 0x100000001b3L;

    /** Hashes of every n-gram of {@code n} words, by a rolling polynomial hash (O(1) per n-gram). */
    private static long[] grams(long[] wordHash, int n) {
        int count = wordHash.length - n + 1;
        long[] out = new long[Math.max(count, 0)];
        if (count <= 0) return out;
        long pow = 1;
        for (int j = 1; j < n; j++) pow *= P;
        long h = 0;
        for (int j = 0; j < n; j++) h = h * P + wordHash[j];
        out[0] = MinHash.mix(h);
        for (int i = 1; i < count; i++) {
            h = (h - wordHash[i - 1] * pow) * P + wordHash[i + n - 1];
            out[i] = MinHash.mix(h);
        }
        return out;
    }

    /**
     * Share of characters covered by the most frequent n-gram, for n = 2, 3, 4 (its count times its letters). On
     * hashes, sorted: no string per n-gram, no boxing (this rule was half of the filter time with strings).
     */
    private static boolean topNgramFailure(String[] words, long[] wordHash, long totalChars, List<Double> limits) {
        for (int k = 0; k < limits.size(); k++) {
            int n = k + 2;
            int count = words.length - n + 1;
            if (count < 2) break;
            long[] grams = grams(wordHash, n);
            long[] sorted = grams.clone();
            java.util.Arrays.sort(sorted);
            int best = 1;
            long bestHash = sorted[0];
            for (int i = 1, run = 1; i < count; i++) {
                run = sorted[i] == sorted[i - 1] ? run + 1 : 1;
                if (run > best) {
                    best = run;
                    bestHash = sorted[i];
                }
            }
            if (best < 2) continue;
            int at = 0;
            while (grams[at] != bestHash) at++;
            long chars = 0;
            for (int j = 0; j < n; j++) chars += words[at + j].length();
            if ((double) best * chars / totalChars > limits.get(k)) return true;
        }
        return false;
    }

    /**
     * Share of characters in repeated n-grams, for n = 5 .. 10: scanning left to right, an n-gram seen before counts
     * its characters and the scan jumps past it (the first occurrence is not counted; as in datatrove's Gopher rule).
     */
    private static boolean dupNgramFailure(String[] words, long[] wordHash, long totalChars, List<Double> limits) {
        for (int k = 0; k < limits.size(); k++) {
            int n = k + 5;
            if (words.length < n) break;
            long[] grams = grams(wordHash, n);
            LongSet seen = new LongSet(grams.length);
            long repeated = 0;
            int i = 0;
            while (i + n <= words.length) {
                if (!seen.add(grams[i])) {
                    for (int j = 0; j < n; j++) repeated += words[i + j].length();
                    i += n;
                } else {
                    i++;
                }
            }
            if (repeated / (double) totalChars > limits.get(k)) return true;
        }
        return false;
    }

    /** A set of longs with open addressing: no boxing. */
    private static final class LongSet {
        private final long[] keys;
        private final boolean[] used;
        private final int mask;

        LongSet(int expected) {
            int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
            keys = new long[cap];
            used = new boolean[cap];
            mask = cap - 1;
        }

        /** False when already present. */
        boolean add(long k) {
            int i = (int) MinHash.mix(k) & mask;
            while (used[i]) {
                if (keys[i] == k) return false;
                i = (i + 1) & mask;
            }
            used[i] = true;
            keys[i] = k;
            return true;
        }
    }
}
