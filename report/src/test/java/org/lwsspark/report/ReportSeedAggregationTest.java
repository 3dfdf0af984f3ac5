package org.lwsspark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Spread} and {@link SeedBand}: the aggregation over a profile's seeds, on numbers worked out by hand. */
class ReportSeedAggregationTest {

    @Test
    void spreadIsMeanMinAndMax() {
        Spread s = Spread.of(List.of(2.5, 2.25, 3.0));
        assertEquals(3, s.n());
        assertEquals(7.75 / 3, s.mean(), 1e-15);
        assertEquals(2.25, s.min());
        assertEquals(3.0, s.max());
        assertEquals(new Spread(1, 4.0, 4.0, 4.0), Spread.of(List.of(4.0)));
        assertThrows(IllegalArgumentException.class, () -> Spread.of(List.of()));
    }

    @Test
    void theMeanOfEqualValuesIsThatValue() {
        // 0.1 added ten times is 0.9999999999999999 over 10: the mean is kept inside [min, max].
        Spread s = Spread.of(java.util.Collections.nCopies(10, 0.1));
        assertEquals(0.1, s.mean());
    }

    @Test
    void aBandHasTheSeedsMeanMinAndMaxAtEveryTokenCountTheyShare() {
        Curve seed1 = new Curve(new double[] {0, 100, 200, 300}, new double[] {6.0, 5.0, 4.0, 3.0});
        Curve seed2 = new Curve(new double[] {0, 100, 200}, new double[] {5.0, 4.0, 3.5});
        Curve seed3 = new Curve(new double[] {0, 100, 200, 300}, new double[] {5.5, 4.5, 3.0, 2.0});
        SeedBand band = SeedBand.of(List.of(seed1, seed2, seed3));
        // 300: seed 2 has not got there; it is left out rather than averaged over two seeds.
        assertEquals(
                List.of(
                        new SeedBand.Point(0, new Spread(3, 5.5, 5.0, 6.0)),
                        new SeedBand.Point(100, new Spread(3, 4.5, 4.0, 5.0)),
                        new SeedBand.Point(200, new Spread(3, 3.5, 3.0, 4.0))),
                band.points());
    }

    @Test
    void oneSeedIsABandOfNoWidth() {
        SeedBand band = SeedBand.of(List.of(new Curve(new double[] {0, 64}, new double[] {5.75, 4.0})));
        assertEquals(
                List.of(
                        new SeedBand.Point(0, new Spread(1, 5.75, 5.75, 5.75)),
                        new SeedBand.Point(64, new Spread(1, 4.0, 4.0, 4.0))),
                band.points());
    }
}
