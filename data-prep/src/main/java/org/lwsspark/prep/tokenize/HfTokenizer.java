package org.lwsspark.prep.tokenize;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.lwsspark.common.Json;
import org.lwsspark.data.tokenize.Tokenizer;
import org.lwsspark.data.tokenize.TokenizerInfo;

/**
 * Any Hugging Face {@code tokenizer.json}, through DJL's binding of the Rust tokenizers library. The native
 * library ships inside the DJL jar (linux-x86_64, linux-aarch64, win-x86_64; DJL extracts it to ~/.djl.ai and
 * needs no network for these). Special tokens are not added: packing places EOS itself.
 */
public final class HfTokenizer implements Tokenizer {
    /** EOS candidates, in order, when the configuration does not name one. */
    static final List<String> EOS_CANDIDATES = List.of("<|endoftext|>", "</s>", "<eos>", "<|end_of_text|>", "[SEP]");

    private final HuggingFaceTokenizer tokenizer;
    private final TokenizerInfo info;

    public HfTokenizer(Path tokenizerJson, String eosToken, int padMultiple) {
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new IllegalArgumentException("Hugging Face tokenizer file not found: " + tokenizerJson);
        }
        try {
            tokenizer = HuggingFaceTokenizer.newInstance(
                    tokenizerJson,
                    Map.of(
                            "addSpecialTokens",
                            "false",
                            "truncation",
                            "false",
                            "padding",
                            "false",
                            "maxLength",
                            String.valueOf(Integer.MAX_VALUE / 2)));
        } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
            throw new IllegalStateException(
                    "cannot load the Hugging Face tokenizer " + tokenizerJson
                            + " through DJL (native library from the ai.djl.huggingface:tokenizers jar): " + e,
                    e);
        }
        int vocab = vocabSize(tokenizerJson);
        int eos = -1;
        for (String cand : eosToken == null || eosToken.isBlank() ? EOS_CANDIDATES : List.of(eosToken)) {
            long[] ids = tokenizer.encode(cand, false, false).getIds();
            if (ids.length == 1) {
                eos = (int) ids[0];
                break;
            }
        }
        if (eos < 0) {
            throw new IllegalArgumentException("no EOS token found in " + tokenizerJson + " (tried "
                    + (eosToken == null || eosToken.isBlank() ? EOS_CANDIDATES : eosToken)
                    + "); name it with lws.prep.eos-token");
        }
        info = new TokenizerInfo(
                "hf:" + tokenizerJson,
                Math.max(vocab, eos + 1),
                TokenizerInfo.pad(Math.max(vocab, eos + 1), padMultiple),
                eos);
    }

    /** The highest id in the file's model vocabulary and added tokens, plus one. */
    private static int vocabSize(Path json) {
        try {
            com.fasterxml.jackson.databind.JsonNode root = Json.MAPPER.readTree(json.toFile());
            int max = -1;
            for (var it = root.path("model").path("vocab").fields(); it.hasNext(); ) {
                max = Math.max(max, it.next().getValue().asInt());
            }
            var vocab = root.path("model").path("vocab");
            if (vocab.isArray()) max = Math.max(max, vocab.size() - 1); // unigram models: [[piece, score], ...]
            for (var t : root.path("added_tokens"))
                max = Math.max(max, t.path("id").asInt());
            return max + 1;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + json + ": " + e.getMessage(), e);
        }
    }

    @Override
    public TokenizerInfo info() {
        return info;
    }

    @Override
    public int[] encode(String text) {
        Encoding e = tokenizer.encode(text, false, false);
        long[] ids = e.getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = (int) ids[i];
        return out;
    }

    @Override
    public String decode(int[] ids) {
        long[] l = new long[ids.length];
        int n = 0;
        for (int id : ids) if (id != info.eosId()) l[n++] = id;
        return tokenizer.decode(java.util.Arrays.copyOf(l, n), false);
    }
}
