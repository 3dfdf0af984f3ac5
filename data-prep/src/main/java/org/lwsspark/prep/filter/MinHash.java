package org.lwsspark.prep.filter;

import java.util.Locale;
import org.lwsspark.prep.config.DedupConfig;

/**
 * MinHash signatures over word shingles and their LSH band hashes. Two documents whose signatures agree on all
 * rows of any band land in the same bucket; with b bands of r rows the probability of that is 1 - (1 - J^r)^b for
 * Jaccard similarity J (14 x 8: 50% at J ~ 0.72, 95% at J ~ 0.83, 1% at J ~ 0.45).
 */
public final class MinHash {
    private MinHash() {}

    /** 64-bit finaliser of MurmurHash3: a cheap, well-mixed hash of a 64-bit value. */
    public static long mix(long z) {
        z ^= z >>> 33;
        z *= 0xff51afd7ed558ccdL;
        z ^= z >>> 33;
        z *= 0xc4ceb9fe1a85ec53L;
        z ^= z >>> 33;
        return z;
    }

    /** A 64-bit hash of a string (FNV-1a over UTF-16 units, then mixed). */
    public static long hash64(CharSequence s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    /**
     * The exact-deduplication hash of a normalised text: {@link #hash64} of its key (lower case, words separated by
     * single spaces, punctuation kept), computed without building the key.
     */
    public static long dedupHash(String normalized) {
        long h = 0xcbf29ce484222325L;
        boolean pendingSpace = false;
        boolean started = false;
        for (int i = 0; i < normalized.length(); i++) {
            char c = normalized.charAt(i);
            // ASCII without the Unicode tables: most characters of most texts.
            boolean space =
                    c < 128 ? c == ' ' || c >= '\t' && c <= '\r' || c >= 0x1C && c <= 0x1F : Character.isWhitespace(c);
            if (space) {
                pendingSpace = started;
            } else {
                if (pendingSpace) h = (h ^ ' ') * 0x100000001b3L;
                pendingSpace = false;
                started = true;
                char lower = c < 128 ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) : Character.toLowerCase(c);
                h = (h ^ lower) * 0x100000001b3L;
            }
        }
        return mix(h);
    }

    /** The band hashes of the text's MinHash signature ({@code bands} values). */
    public static long[] bands(String text, DedupConfig cfg) {
        String[] words = text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
        int start = words.length > 0 && words[0].isEmpty() ? 1 : 0;
        int nWords = words.length - start;
        long[] wordHash = new long[Math.max(nWords, 0)];
        for (int i = 0; i < nWords; i++) wordHash[i] = hash64(words[start + i]);
        int k = cfg.shingleWords();
        int nHashes = cfg.numHashes();
        long[] sig = new long[nHashes];
        java.util.Arrays.fill(sig, Long.MAX_VALUE);
        int shingles = Math.max(1, nWords - k + 1);
        for (int s = 0; s < shingles; s++) {
            long sh = 0x5bd1e995L;
            for (int j = s; j < Math.min(nWords, s + k); j++) sh = mix(sh * 31 + wordHash[j]);
            // h_i(x) = mix(x ^ seed_i): independent-enough permutations for MinHash
            for (int i = 0; i < nHashes; i++) {
                long v = mix(sh ^ (0x9E3779B97F4A7C15L * (i + 1)));
                if (Long.compareUnsigned(v, sig[i]) < 0) sig[i] = v;
            }
        }
        long[] bands = new long[cfg.bands()];
        for (int b = 0; b < cfg.bands(); b++) {
            long h = b + 1;
            for (int r = 0; r < cfg.rows(); r++) h = mix(h * 0x100000001b3L + sig[b * cfg.rows() + r]);
            bands[b] = h;
        }
        return bands;
    }
}
