package org.lwsspark.model.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed cases of the rules of spec §2. */
class LwsRulesTest {

    @Test
    void makeDivisibleRoundsToNearestButNeverShrinksMoreThanTenPercent() {
        assertEquals(256, LwsRules.makeDivisible(100, 256), "below the multiple: the multiple");
        assertEquals(1792, LwsRules.makeDivisible(2.3 * 768, 256), "1766.4 rounds up to 7 x 256");
        assertEquals(1280, LwsRules.makeDivisible(1400, 256), "1400 rounds down to 1280, 91% of it");
        assertEquals(768, LwsRules.makeDivisible(580, 256), "580 rounds to 512 = 88%: one more multiple");
        assertEquals(384, LwsRules.makeDivisible(0.5 * 768, 192));
    }

    @Test
    void twoKnotsAreLinspaceRoundedToTwoDecimals() {
        assertArrayEquals(
                new double[] {1.0, 1.18, 1.35, 1.53, 1.70, 1.88}, LwsRules.interpolate(List.of(1.0, 1.88), 6), 0.0);
    }

    @Test
    void threeKnotsOnAnEvenDepthGoUpAndComeBackToTheStart() {
        // x = [0, 2, 3, 5], y = [s, m, m, s]: the end knot is ignored, as in the paper's code
        assertArrayEquals(
                new double[] {1.0, 2.0, 3.0, 3.0, 2.0, 1.0}, LwsRules.interpolate(List.of(1.0, 3.0, 9.0), 6), 1e-12);
    }

    @Test
    void threeKnotsOnAnOddDepthUseTheEndKnot() {
        assertArrayEquals(
                new double[] {1.0, 2.0, 3.0, 4.0, 5.0}, LwsRules.interpolate(List.of(1.0, 3.0, 5.0), 5), 1e-12);
    }

    @Test
    void framingOverwritesTheFirstAndLastLayer() {
        ModelSize paper = Presets.builtIn().size("paper");
        ModelPlan plan = LwsRules.plan(new LwsProfile("f", 4, List.of(1.0, 1.0), List.of(0.5, 0.5), true), paper);
        assertEquals(3072, plan.layers().get(0).ffnHidden());
        assertEquals(12, plan.layers().get(3).qHeads());
        assertEquals(768, plan.layers().get(1).ffnHidden());
        assertEquals(6, plan.layers().get(1).qHeads());
    }

    @Test
    void blockParametersFollowTheFormula() {
        LayerPlan layer =
                Presets.builtIn().plan("isotropic-12", "paper").layers().get(0);
        long d = 768;
        assertEquals(d * 768 + 2 * d * 256 + 768 * d + 768 + 256 + 3 * d * 3072 + 2 * d, layer.params());
    }
}
