package org.lwsspark.prep.tokenize;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import org.lwsspark.data.tokenize.ByteTokenizer;
import org.lwsspark.data.tokenize.Tokenizer;

/**
 * Makes tokenizers from their spec ({@code r50k_base}, {@code bytes}, {@code hf:/path/tokenizer.json}) and keeps
 * one per spec per JVM: executors build it once, not once per task or record.
 */
public final class Tokenizers {
    private static final ConcurrentHashMap<String, Tokenizer> CACHE = new ConcurrentHashMap<>();

    private Tokenizers() {}

    public static Tokenizer get(String spec, String eosToken, int padMultiple) {
        String key = spec + "|" + eosToken + "|" + padMultiple;
        return CACHE.computeIfAbsent(key, k -> create(spec, eosToken, padMultiple));
    }

    private static Tokenizer create(String spec, String eosToken, int padMultiple) {
        if (spec.equals(TiktokenTokenizer.NAME) || spec.equals("gpt2")) return new TiktokenTokenizer(padMultiple);
        if (spec.equals(ByteTokenizer.NAME)) return new ByteTokenizer(padMultiple);
        if (spec.startsWith("hf:")) return new HfTokenizer(Path.of(spec.substring(3)), eosToken, padMultiple);
        throw new IllegalArgumentException(
                "unknown tokenizer '" + spec + "': use r50k_base, bytes or hf:/path/to/tokenizer.json");
    }
}
