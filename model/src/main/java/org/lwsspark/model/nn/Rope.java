package org.lwsspark.model.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Rotary position embedding in the "rotate half" (GPT-NeoX) layout over the full head width: the pair
 * (x[j], x[j + h/2]) is rotated by the angle {@code position * theta^(-2j/h)}.
 */
final class Rope {

    private final INDArray cos;
    private final INDArray sin;

    /** Tables for positions 0..length-1, [length, headDim/2]. */
    Rope(int length, int headDim, double theta, DataType dataType) {
        int half = headDim / 2;
        double[][] c = new double[length][half];
        double[][] s = new double[length][half];
        for (int j = 0; j < half; j++) {
            double frequency = Math.pow(theta, -2.0 * j / headDim);
            for (int t = 0; t < length; t++) {
                c[t][j] = Math.cos(t * frequency);
                s[t][j] = Math.sin(t * frequency);
            }
        }
        this.cos = Nd4j.create(c).castTo(dataType);
        this.sin = Nd4j.create(s).castTo(dataType);
    }

    int length() {
        return (int) cos.size(0);
    }

    /** Rotates x, [rows, time, headDim], by +angle. */
    INDArray rotate(INDArray x) {
        return apply(x, 1);
    }

    /** The backward pass: a rotation by -angle (the transpose of an orthogonal map). */
    INDArray rotateBack(INDArray x) {
        return apply(x, -1);
    }

    private INDArray apply(INDArray x, int direction) {
        long half = x.size(2) / 2;
        INDArray first = x.get(all(), all(), NDArrayIndex.interval(0, half));
        INDArray second = x.get(all(), all(), NDArrayIndex.interval(half, 2 * half));
        INDArray out = Nd4j.createUninitialized(x.dataType(), x.shape());
        // first' = first*cos - second*sin ; second' = second*cos + first*sin (sin negated for the inverse)
        INDArray firstCos = scaleByTable(first, cos);
        INDArray secondSin = scaleByTable(second, sin);
        INDArray secondCos = scaleByTable(second, cos);
        INDArray firstSin = scaleByTable(first, sin);
        out.get(all(), all(), NDArrayIndex.interval(0, half)).assign(firstCos.subi(secondSin.muli(direction)));
        out.get(all(), all(), NDArrayIndex.interval(half, 2 * half)).assign(secondCos.addi(firstSin.muli(direction)));
        return out;
    }

    private static INDArray scaleByTable(INDArray x, INDArray table) {
        INDArray contiguous = x.dup('c');
        return Broadcast.mul(contiguous, table, contiguous, 1, 2);
    }

    private static INDArrayIndex all() {
        return NDArrayIndex.all();
    }
}
