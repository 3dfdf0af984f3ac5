/**
 * Layer-wise scaling plans: which width each transformer block gets.
 *
 * <p>An {@link org.lwsspark.model.plan.LwsProfile} (depth, knots, framing) and a
 * {@link org.lwsspark.model.plan.ModelSize} (d_model, head size, rounding multiples, vocabulary) resolve through
 * {@link org.lwsspark.model.plan.LwsRules} into a {@link org.lwsspark.model.plan.ModelPlan}: one
 * {@link org.lwsspark.model.plan.LayerPlan} per block, with its parameter count. The rules are those of the
 * specification, §2; {@link org.lwsspark.model.plan.BudgetSolver} finds knots for a parameter budget.
 */
package org.lwsspark.model.plan;
