package org.lwsspark.model.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Products with a block of columns of a fused weight ({@code [w_q | w_k | w_v]}, {@code [w1 | w3]}). Fusing keeps
 * one parameter and one gradient product per sublayer; multiplying by a contiguous copy of the block (weights
 * are small) gives a contiguous result, which the element-wise ops that follow need: ND4J runs several times
 * slower on strided views. Products go through {@code Nd4j.gemm}: {@code INDArray.mmul} was measured 3x slower
 * on large outputs.
 */
final class ColumnBlocks {

    private ColumnBlocks() {}

    /** {@code x @ fused[:, from:from+count]}, contiguous. */
    static INDArray times(INDArray x, INDArray fused, long from, long count) {
        return Nd4j.gemm(
                x,
                fused.get(NDArrayIndex.all(), NDArrayIndex.interval(from, from + count))
                        .dup('c'),
                false,
                false);
    }
}
