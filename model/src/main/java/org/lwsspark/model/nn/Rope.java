package org.lwsspark.model.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Rotary position embedding in the "rotate half" (GPT-NeoX) layout over the full head width: the pair
 * (x[j], x[j + h/2]) is rotated by the angle {@code position * theta^(-2j/h)}.
 *
 * <p>As {@code x * cos + swap(x) * signedSin}, where swap exchanges the two halves of each head (a product
 * with a permutation matrix, which keeps every array contiguous) and signedSin is {@code [-sin, sin]}.
 */
final class Rope {

    private final INDArray cos;
    private final INDArray signedSin;
    private final INDArray swapHalves;

    /** Tables for positions 0..length-1, [length, headDim]. */
    Rope(int length, int headDim, double theta, DataType dataType) {
        int half = headDim / 2;
        double[][] c = new double[length][headDim];
        double[][] s = new double[length][headDim];
        for (int j = 0; j < half; j++) {
            double frequency = Math.pow(theta, -2.0 * j / headDim);
            for (int t = 0; t < length; t++) {
                c[t][j] = Math.cos(t * frequency);
                c[t][j + half] = c[t][j];
                s[t][j] = -Math.sin(t * frequency);
                s[t][j + half] = Math.sin(t * frequency);
            }
        }
        this.cos = Nd4j.create(c).castTo(dataType);
        this.signedSin = Nd4j.create(s).castTo(dataType);
        double[][] swap = new double[headDim][headDim];
        for (int j = 0; j < half; j++) {
            swap[j + half][j] = 1;
            swap[j][j + half] = 1;
        }
        this.swapHalves = Nd4j.create(swap).castTo(dataType);
    }

    int length() {
        return (int) cos.size(0);
    }

    /** Rotates x, [rows, time, headDim] (contiguous), by +angle. */
    INDArray rotate(INDArray x) {
        return apply(x, false);
    }

    /** The backward pass: a rotation by -angle (the transpose of an orthogonal map). */
    INDArray rotateBack(INDArray x) {
        return apply(x, true);
    }

    private INDArray apply(INDArray x, boolean inverse) {
        long headDim = x.size(2);
        INDArray swapped = Nd4j.gemm(x.reshape('c', x.length() / headDim, headDim), swapHalves, false, false)
                .reshape('c', x.shape());
        Broadcast.mul(swapped, signedSin, swapped, 1, 2);
        if (inverse) {
            swapped.negi();
        }
        INDArray out = Broadcast.mul(x, cos, Nd4j.createUninitialized(x.dataType(), x.shape()), 1, 2);
        return out.addi(swapped);
    }
}
