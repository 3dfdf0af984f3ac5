package org.lwsspark.train.resources;

import org.lwsspark.model.plan.ModelPlan;
import org.lwsspark.model.plan.Presets;

/**
 * How long one optimizer step of one worker takes, and where the figure comes from. The two estimates scale a
 * measured step by the training FLOPs of this step ({@link ModelPlan#trainingFlopsPerToken} x tokens), which holds
 * for models of the same kind of shape, not across hardware generations or precisions.
 *
 * @param label   where the figure comes from, as printed
 * @param seconds one step of one worker
 */
public record StepTime(String label, double seconds) {

    /**
     * DL4J on this project's CPU, one thread: 1,000 tokens/s on crown-18 tiny at 16 x 128 (bench/spark-scaling
     * and bench/cluster-scaling, "DL4J one process, 1 thread": 968 to 1,026 tokens/s, 2026-11-30).
     */
    static final double CPU_FLOPS_PER_THREAD =
            1_000 * Presets.builtIn().plan("crown-18", "tiny").trainingFlopsPerToken(128);

    /**
     * One H200, fp32 with TF32 off, PyTorch reference: 0.48 s per step of 16 x 1,024 tokens on crown-18 paper
     * (docs/scaling.md).
     */
    static final double H200_FP32_FLOPS =
            16 * 1_024 * Presets.builtIn().plan("crown-18", "paper").trainingFlopsPerToken(1_024) / 0.48;

    public StepTime {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("a step time must be positive, got " + seconds);
        }
    }

    /** DL4J on the CPU with {@code threads} threads per worker, scaled from the measured tiny step. */
    public static StepTime cpu(ModelPlan model, int seqLen, int batch, int threads) {
        double flops = model.trainingFlopsPerToken(seqLen) * batch * seqLen;
        return new StepTime(
                "CPU, " + threads + (threads == 1 ? " thread" : " threads") + " per worker (scaled from 1,000 "
                        + "tokens/s on tiny)",
                flops / (threads * CPU_FLOPS_PER_THREAD));
    }

    /** One H200 in fp32, scaled from the PyTorch reference's 0.48 s per 16 x 1,024 tokens of the paper model. */
    public static StepTime h200Fp32(ModelPlan model, int seqLen, int batch) {
        double flops = model.trainingFlopsPerToken(seqLen) * batch * seqLen;
        return new StepTime("H200 fp32 (scaled from 0.48 s per 16 x 1,024 paper tokens)", flops / H200_FP32_FLOPS);
    }

    /** A step time the user measured. */
    public static StepTime given(double seconds) {
        return new StepTime("given", seconds);
    }
}
