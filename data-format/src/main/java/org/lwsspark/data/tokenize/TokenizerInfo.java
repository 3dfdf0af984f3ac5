package org.lwsspark.data.tokenize;

import java.io.Serializable;

/**
 * What the manifest records about a tokenizer, and what the guard and the trainer trust. Validated when built, also
 * when read from {@code manifest.json}: the messages name the JSON fields, since that is where a reader meets them.
 *
 * @param name             the spec it was made from: r50k_base, bytes, hf:/path/tokenizer.json
 * @param vocabSize        ids are in [0, vocabSize)
 * @param paddedVocabSize  vocabSize rounded up for the embedding (GPT-2: 50304)
 * @param eosId            the end-of-document id packing puts between documents
 */
public record TokenizerInfo(String name, int vocabSize, int paddedVocabSize, int eosId) implements Serializable {
    public TokenizerInfo {
        if (vocabSize <= 0) throw new IllegalArgumentException("vocab_size " + vocabSize + " is not positive");
        if (eosId < 0 || eosId >= vocabSize) {
            throw new IllegalArgumentException(
                    "eos_id " + eosId + " is outside the vocabulary [0, " + vocabSize + ") given by vocab_size");
        }
        if (paddedVocabSize < vocabSize) {
            throw new IllegalArgumentException(
                    "padded_vocab_size " + paddedVocabSize + " is below vocab_size " + vocabSize);
        }
    }

    /** {@code vocab} rounded up to a multiple of {@code multiple} (1 or less: unchanged). */
    public static int pad(int vocab, int multiple) {
        return multiple <= 1 ? vocab : (vocab + multiple - 1) / multiple * multiple;
    }
}
