package org.lwsspark.model.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BudgetSolverTest {

    private static final ModelSize PAPER = Presets.builtIn().size("paper");
    private static final ModelSize TINY = Presets.builtIn().size("tiny");

    @ParameterizedTest
    @EnumSource(Shape.class)
    void hits180MillionWithinOnePercentAtEighteenLayers(Shape shape) {
        BudgetSolver.Solution s = BudgetSolver.solve(shape, 18, PAPER, 180_000_000L);
        assertTrue(Math.abs(s.relativeError()) <= 0.01, shape + ": " + s.plan().totalParams());
        assertEquals(18, s.plan().depth());
        assertEquals(shape.profile(18, 1).framed(), s.plan().profile().framed());
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void keepsTheShape(Shape shape) {
        ModelPlan plan = BudgetSolver.solve(shape, 18, PAPER, 400_000_000L).plan();
        int first = plan.profile().framed() ? 1 : 0;
        int last = plan.depth() - 1 - first;
        int ffnFirst = plan.layers().get(first).ffnHidden();
        int ffnLast = plan.layers().get(last).ffnHidden();
        int ffnMiddle = plan.layers().get(plan.depth() / 2).ffnHidden();
        switch (shape) {
            case ISOTROPIC -> assertEquals(ffnFirst, ffnLast);
            case VANILLA, FRAMED -> assertTrue(ffnFirst < ffnLast);
            case REVERSE -> assertTrue(ffnFirst > ffnLast);
            case CROWN -> assertTrue(ffnMiddle > ffnFirst && ffnMiddle > ffnLast);
        }
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void solvesASmallTinyTarget(Shape shape) {
        BudgetSolver.Solution s = BudgetSolver.solve(shape, 18, TINY, 5_000_000L);
        assertTrue(Math.abs(s.relativeError()) <= 0.01, shape + ": " + s.plan().totalParams());
    }

    @Test
    void scalesToBillions() {
        BudgetSolver.Solution s = BudgetSolver.solve(Shape.CROWN, 18, PAPER, 2_000_000_000L);
        assertTrue(Math.abs(s.relativeError()) <= 0.01);
    }

    @Test
    void refusesATargetBelowTheSmallestModelAndSaysWhy() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> BudgetSolver.solve(Shape.FRAMED, 18, PAPER, 50_000_000L));
        assertTrue(e.getMessage().contains("smallest such model has"), e.getMessage());
        assertTrue(e.getMessage().contains("embedding and LM head 77.27M"), e.getMessage());
    }

    @Test
    void parsesHumanCounts() {
        assertEquals(180_000_000L, BudgetSolver.parseCount("180M"));
        assertEquals(1_500_000_000L, BudgetSolver.parseCount("1.5B"));
        assertEquals(750_000L, BudgetSolver.parseCount("750k"));
        assertThrows(IllegalArgumentException.class, () -> BudgetSolver.parseCount("lots"));
    }
}
