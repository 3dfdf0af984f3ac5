package org.lwsspark.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link Ema}, on numbers worked out by hand. */
class ReportSmoothingTest {

    @Test
    void biasCorrectedEmaOnHandComputedValues() {
        // weight 0.5: m = 0.5 x 4 = 2, 0.5 x 2 + 0.5 x 6 = 4, 0.5 x 4 + 0.5 x 2 = 3; divided by 1 - 0.5, 1 - 0.25,
        // 1 - 0.125.
        double[] s = Ema.smooth(new double[] {4, 6, 2}, 0.5);
        assertArrayEquals(new double[] {4, 4 / 0.75, 3 / 0.875}, s, 1e-12);
        // The same as the weighted mean it stands for: (0.25 * 4 + 0.5 * 6 + 1 * 2) / 1.75.
        assertArrayEquals(new double[] {4, (0.5 * 4 + 6) / 1.5, (0.25 * 4 + 0.5 * 6 + 2) / 1.75}, s, 1e-12);
    }

    @Test
    void aConstantStaysConstantAndWeightZeroIsTheRawCurve() {
        // Without the bias correction an EMA from 0 would start at (1 - weight) x 7.
        assertArrayEquals(new double[] {7, 7, 7, 7}, Ema.smooth(new double[] {7, 7, 7, 7}, 0.9), 1e-12);
        assertArrayEquals(new double[] {3, 1, 4, 1, 5}, Ema.smooth(new double[] {3, 1, 4, 1, 5}, 0), 0);
        assertArrayEquals(new double[0], Ema.smooth(new double[0], 0.6), 0);
    }

    @Test
    void aLaterValueNeverMovesAnEarlierPoint() {
        double[] a = Ema.smooth(new double[] {5, 4, 3}, 0.6);
        double[] b = Ema.smooth(new double[] {5, 4, 3, 100}, 0.6);
        assertArrayEquals(a, java.util.Arrays.copyOf(b, 3), 0);
    }

    @Test
    void weightsOutsideZeroToOneAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Ema.smooth(new double[] {1}, 1));
        assertThrows(IllegalArgumentException.class, () -> Ema.smooth(new double[] {1}, -0.1));
        assertThrows(IllegalArgumentException.class, () -> Ema.smooth(new double[] {1}, Double.NaN));
    }
}
