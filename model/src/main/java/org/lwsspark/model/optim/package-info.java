/**
 * The optimizer around the network: AdamW settings ({@link org.lwsspark.model.optim.OptimizerConfig}), the
 * learning-rate schedules and clipping of the global gradient norm, each checked against PyTorch's
 * {@code AdamW} and {@code clip_grad_norm_} ({@code bench/reference/optim_reference.py}).
 */
package org.lwsspark.model.optim;
