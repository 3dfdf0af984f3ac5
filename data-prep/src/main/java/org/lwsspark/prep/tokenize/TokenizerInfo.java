package org.lwsspark.prep.tokenize;

import java.io.Serializable;

/**
 * What the manifest records about a tokenizer, and what the guard and the trainer trust.
 *
 * @param name             the spec it was made from: r50k_base, bytes, hf:/path/tokenizer.json
 * @param vocabSize        ids are in [0, vocabSize)
 * @param paddedVocabSize  vocabSize rounded up for the embedding (GPT-2: 50304)
 * @param eosId            the end-of-document id packing puts between documents
 */
public record TokenizerInfo(String name, int vocabSize, int paddedVocabSize, int eosId) implements Serializable {
    public TokenizerInfo {
        if (eosId < 0 || eosId >= vocabSize) {
            throw new IllegalArgumentException("EOS id " + eosId + " outside the vocabulary of " + vocabSize);
        }
        if (paddedVocabSize < vocabSize) throw new IllegalArgumentException("padded vocabulary below vocabulary");
    }

    static int pad(int vocab, int multiple) {
        return multiple <= 1 ? vocab : (vocab + multiple - 1) / multiple * multiple;
    }
}
