package org.lwsspark.model.plan;

/**
 * The size-dependent constants of a model: everything but the per-layer widths.
 *
 * @param name         preset name ({@code paper}, {@code tiny}, ...)
 * @param dModel       residual stream width
 * @param headDim      width of every attention head, in every layer
 * @param gqaGroup     query heads per key/value head
 * @param ffnMultiple  FFN widths are rounded to a multiple of this (256 in the paper)
 * @param vocabSize    rows of the embedding and of the LM head (padded vocabulary)
 * @param ropeTheta    RoPE base
 * @param normEps      RMSNorm epsilon
 * @param initStd      standard deviation of the truncated-normal init (cut at 3 std)
 */
public record ModelSize(
        String name,
        int dModel,
        int headDim,
        int gqaGroup,
        int ffnMultiple,
        int vocabSize,
        double ropeTheta,
        double normEps,
        double initStd) {

    public ModelSize {
        require(dModel > 0, "d-model must be positive, got " + dModel);
        require(headDim > 0 && headDim % 2 == 0, "head-dim must be positive and even (RoPE), got " + headDim);
        require(gqaGroup > 0, "gqa-group must be positive, got " + gqaGroup);
        require(ffnMultiple > 0, "ffn-multiple must be positive, got " + ffnMultiple);
        require(vocabSize > 1, "vocab-size must be at least 2, got " + vocabSize);
        require(ropeTheta > 0 && normEps > 0 && initStd > 0, "rope-theta, norm-eps and init-std must be positive");
    }

    /** Query widths are rounded to this, so that every layer holds whole GQA groups of whole heads. */
    public int queryMultiple() {
        return gqaGroup * headDim;
    }

    public ModelSize withDModel(int newDModel) {
        return new ModelSize(name, newDModel, headDim, gqaGroup, ffnMultiple, vocabSize, ropeTheta, normEps, initStd);
    }

    public ModelSize withVocabSize(int newVocabSize) {
        return new ModelSize(name, dModel, headDim, gqaGroup, ffnMultiple, newVocabSize, ropeTheta, normEps, initStd);
    }

    public ModelSize withInitStd(double newInitStd) {
        return new ModelSize(name, dModel, headDim, gqaGroup, ffnMultiple, vocabSize, ropeTheta, normEps, newInitStd);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("model size: " + message);
        }
    }
}
