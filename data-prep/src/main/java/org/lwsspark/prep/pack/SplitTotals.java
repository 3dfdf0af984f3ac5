package org.lwsspark.prep.pack;

import java.io.Serializable;

/**
 * Documents and tokens of one split in one run.
 *
 * @param documents       documents assigned to the split
 * @param documentTokens  their tokens, one EOS per document included
 * @param remainderTokens tokens left over after packing (too few for a last row)
 */
public record SplitTotals(long documents, long documentTokens, long remainderTokens) implements Serializable {
    public static final SplitTotals NONE = new SplitTotals(0, 0, 0);

    /** One document of {@code tokens} ids (plus its EOS). */
    public static SplitTotals document(int tokens) {
        return new SplitTotals(1, tokens + 1L, 0);
    }

    public SplitTotals plus(SplitTotals o) {
        return new SplitTotals(
                documents + o.documents, documentTokens + o.documentTokens, remainderTokens + o.remainderTokens);
    }

    public SplitTotals withRemainder(long tokens) {
        return new SplitTotals(documents, documentTokens, tokens);
    }
}
