package org.lwsspark.prep.tokenize;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import java.util.Arrays;
import org.lwsspark.data.tokenize.Tokenizer;
import org.lwsspark.data.tokenize.TokenizerInfo;

/**
 * GPT-2 BPE ({@code r50k_base}: 50257 ids, EOS {@code <|endoftext|>} = 50256) in pure Java via jtokkit. Text that
 * happens to contain "<|endoftext|>" is encoded as ordinary text, never as the EOS id: only packing places EOS.
 *
 * <p>Faster than jtokkit on the whole text, with the same ids. {@link Gpt2PreTokenizer} splits the text into the
 * pieces that GPT-2's pre-tokenization regex finds, without the regex engine. A {@link PieceCache} shared by all
 * threads keeps the ids of pieces of up to {@value PieceCache#MAX_PIECE_CHARS} chars (mostly frequent words); the
 * pieces it lacks go through {@link BytePairMerger} (the same byte-pair merges as jtokkit, without its cost per
 * call), the longer ones through jtokkit's {@code encodeOrdinary}. Byte-pair merges never cross pieces, so the ids
 * equal jtokkit's {@code encodeOrdinary} of the whole text: {@code TiktokenTokenizerDifferentialTest} compares them
 * on edge cases, the real fixture documents and random strings. {@link #cacheStats} tells how many pieces the cache
 * served: on new text 85% of the pieces of the fixtures' English documents, 94% with the Europarl sample's English
 * excerpts, 83% end to end on every fixture and the whole sample; on repeated text all.
 *
 * <p>Memory: the cache holds at most 65536 pieces, under 36 MB in the worst case and a few MB of English words
 * (see {@link PieceCache}); the merger's copy of the vocabulary 2 MB. Thread-safe: one instance serves all task
 * threads of a JVM.
 */
public final class TiktokenTokenizer implements Tokenizer {
    public static final String NAME = "r50k_base";
    private final Encoding encoding;
    private final TokenizerInfo info;
    private final PieceCache cache = new PieceCache();
    private final BytePairMerger merger;

    public TiktokenTokenizer(int padMultiple) {
        encoding = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
        info = new TokenizerInfo(NAME, 50257, TokenizerInfo.pad(50257, padMultiple), 50256);
        merger = new BytePairMerger(encoding, info.eosId()); // the ordinary tokens: every id below EOS
    }

    @Override
    public TokenizerInfo info() {
        return info;
    }

    @Override
    public int[] encode(String text) {
        IdBuffer ids = new IdBuffer(text.length() / 3 + 16); // English text has over 3.5 chars per token
        int pieces = 0;
        int hits = 0;
        for (int start = 0, end; start < text.length(); start = end, pieces++) {
            end = Gpt2PreTokenizer.pieceEnd(text, start);
            if (addPieceIds(text, start, end, ids)) hits++;
        }
        cache.count(hits, pieces - hits);
        return ids.toArray();
    }

    /**
     * Adds the ids of the piece {@code text[start, end)}: from the cache, else from the merger (and then cached), or
     * for a piece too long to cache from jtokkit, whose regex finds it whole again. Returns whether the cache had it.
     */
    private boolean addPieceIds(String text, int start, int end, IdBuffer ids) {
        if (end - start > PieceCache.MAX_PIECE_CHARS) {
            ids.add(encoding.encodeOrdinary(text.substring(start, end)).toArray(), 0);
            return false;
        }
        int hash = PieceCache.hash(text, start, end);
        int[] entry = cache.find(text, start, end, hash);
        if (entry != null) {
            ids.add(entry, PieceCache.firstIdIndex(entry));
            return true;
        }
        int[] pieceIds = merger.encode(text, start, end);
        cache.put(text, start, end, hash, pieceIds);
        ids.add(pieceIds, 0);
        return false;
    }

    /** The pieces encoded so far, and how many of them the piece cache served. */
    public PieceCacheStats cacheStats() {
        return cache.stats();
    }

    @Override
    public String decode(int[] ids) {
        IntArrayList l = new IntArrayList(ids.length);
        for (int id : ids) if (id != info.eosId()) l.add(id);
        return encoding.decode(l);
    }

    /** A growable int array: ids are appended piece by piece, mostly one or two at a time. */
    private static final class IdBuffer {
        private int[] ids;
        private int size;

        IdBuffer(int capacity) {
            ids = new int[capacity];
        }

        /** Appends {@code source[from, source.length)}. */
        void add(int[] source, int from) {
            int count = source.length - from;
            if (size + count > ids.length) ids = Arrays.copyOf(ids, Math.max(ids.length * 2, size + count));
            for (int i = from; i < source.length; i++) ids[size++] = source[i];
        }

        int[] toArray() {
            return Arrays.copyOf(ids, size);
        }
    }
}
