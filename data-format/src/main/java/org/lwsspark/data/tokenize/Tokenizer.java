package org.lwsspark.data.tokenize;

/**
 * Text to token ids and back. Implementations are thread-safe; one instance per JVM (data-prep's {@code Tokenizers}
 * makes and keeps them).
 */
public interface Tokenizer {
    TokenizerInfo info();

    /** The ids of the text, without EOS (packing adds it between documents). */
    int[] encode(String text);

    /** The text of the ids (EOS ids decode to nothing). */
    String decode(int[] ids);
}
