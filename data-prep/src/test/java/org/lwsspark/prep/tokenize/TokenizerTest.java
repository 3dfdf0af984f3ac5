package org.lwsspark.prep.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwsspark.data.tokenize.Tokenizer;
import org.lwsspark.data.tokenize.TokenizerInfo;

class TokenizerTest {
    private static final String TEXT = "Anarchism is a political philosophy that advocates self-governed societies.\n\n"
            + "Ünïcödé: naïve café, Ελληνικά, 日本語, emoji 👋 and <|endoftext|> written as text; tabs\tand  spaces.";

    @Test
    void gpt2HasTheRecordedVocabularyAndRoundTrips() {
        Tokenizer t = Tokenizers.get("r50k_base", "", 64);
        assertEquals(new TokenizerInfo("r50k_base", 50257, 50304, 50256), t.info());
        int[] ids = t.encode(TEXT);
        assertEquals(TEXT, t.decode(ids));
        for (int id : ids) assertTrue(id >= 0 && id < 50256, "ordinary text never yields EOS: " + id);
        // Known GPT-2 ids: "Hello" = 15496, " world" = 995.
        assertArrayEquals(new int[] {15496, 995}, t.encode("Hello world"));
    }

    /** Every piece counts once: a hit when the cache had it, a miss when new or longer than it keeps. */
    @Test
    void gpt2CountsPieceCacheHitsAndMisses() {
        TiktokenTokenizer t = new TiktokenTokenizer(64);
        assertEquals(new PieceCacheStats(0, 0), t.cacheStats());
        assertEquals(0, t.cacheStats().hitRate());
        t.encode("the cat and the cat"); // "the", " cat", " and", " the", " cat"
        assertEquals(new PieceCacheStats(1, 4), t.cacheStats());
        PieceCacheStats before = t.cacheStats();
        String longPiece = " " + "x".repeat(PieceCache.MAX_PIECE_CHARS);
        t.encode(" the cat" + longPiece + longPiece); // " the", " cat", then two pieces never cached
        assertEquals(new PieceCacheStats(2, 2), t.cacheStats().since(before));
        assertEquals(3 / 9.0, t.cacheStats().hitRate(), 1e-12);
    }

    @Test
    void bytesAreUtf8PlusEos() {
        Tokenizer t = Tokenizers.get("bytes", "", 64);
        assertEquals(new TokenizerInfo("bytes", 257, 320, 256), t.info());
        int[] ids = t.encode("aé");
        assertArrayEquals(new int[] {97, 0xc3, 0xa9}, ids);
        assertEquals(TEXT, t.decode(t.encode(TEXT)));
    }

    /** DJL's native library comes from its jar (no network here); on GPT-2's vocabulary it matches jtokkit. */
    @Test
    void huggingFaceTokenizerJsonMatchesJtokkit(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("tokenizer.json");
        Gpt2TokenizerJson.write(json);
        Tokenizer hf = Tokenizers.get("hf:" + json, "", 64);
        assertEquals(50257, hf.info().vocabSize());
        assertEquals(50256, hf.info().eosId());
        assertEquals(50304, hf.info().paddedVocabSize());
        Tokenizer gpt2 = Tokenizers.get("r50k_base", "", 64);
        String text = TEXT.replace("<|endoftext|>", "end of text"); // HF would match the special token in text
        assertArrayEquals(gpt2.encode(text), hf.encode(text));
        assertEquals(text, hf.decode(hf.encode(text)));
        assertTrue(Files.size(json) > 1_000_000);
    }
}
