package org.lwsspark.train.resources;

import org.lwsspark.model.plan.LayerPlan;
import org.lwsspark.model.plan.ModelPlan;

/**
 * The memory a training step of one network needs beyond its parameters, gradients and Adam state, in bytes (fp32),
 * as DL4J 1.0.0-M2.1 holds it with the workspaces {@code LwsTransformer} enables.
 *
 * <p>DL4J sizes each workspace by learning: the first step's arrays are allocated one by one ("spilled"), the
 * workspace notes the largest total of one cycle and then allocates that once, plus an overallocation, and keeps
 * it for the life of the network. So after the first step the memory is these buffers, whatever the step:
 * <ul>
 *   <li>{@code WS_ALL_LAYERS_ACT} (one cycle = a whole forward and backward pass): every block's retained arrays,
 *       and the embedding's output, plus {@value #ACTIVATIONS_OVERALLOCATION} (its
 *       {@code overallocationLimit});
 *   <li>{@code WS_LAYER_WORKING_MEM} (one cycle = one layer's forward or backward): the largest of them, plus
 *       {@value #WORKING_OVERALLOCATION}; the LM head's backward (it recomputes the [n, V] logits there) or the
 *       widest block's backward (two [B, H, T, T] arrays);
 *   <li>{@code WS_LAYER_ACT_0} and {@code _1}: one activation gradient [n, d] each, plus
 *       {@value #WORKING_OVERALLOCATION}.
 * </ul>
 * Measured on crown-18 tiny (16 x 128) and paper (2 x 128): the workspaces' learned sizes equal these counts to
 * within 5 KB ({@code bench/resource-plan}).
 *
 * @param retained               the activations workspace
 * @param attentionProbs         the attention probabilities inside {@code retained} (before overallocation)
 * @param working                the layer working-memory workspace
 * @param activationGradients    the two activation-gradient workspaces
 * @param tables                 the blocks' RoPE tables and causal biases, outside workspaces
 * @param tokens                 the batch's input and target ids (fp32, as DL4J takes them)
 */
public record ActivationMemory(
        long retained, long attentionProbs, long working, long activationGradients, long tables, long tokens) {

    /** {@code overallocationLimit} of DL4J's {@code WS_ALL_LAYERS_ACT_CONFIG}. */
    static final double ACTIVATIONS_OVERALLOCATION = 0.05;
    /** {@code overallocationLimit} of the layer working-memory and activation-gradient workspaces. */
    static final double WORKING_OVERALLOCATION = 0.02;

    private static final long FLOAT = 4;

    public static ActivationMemory of(ModelPlan model, int batch, int seqLen) {
        long n = (long) batch * seqLen;
        long d = model.size().dModel();
        long v = model.size().vocabSize();
        long retained = n * d; // the embedding's output
        long probs = 0;
        long working = embeddingWorking(n, d);
        long tables = 0;
        for (LayerPlan layer : model.layers()) {
            BlockActivations block = BlockActivations.of(layer, batch, seqLen);
            retained += block.retained();
            probs += block.attentionProbs();
            working = Math.max(working, Math.max(block.forwardWorking(), block.backwardWorking()));
            tables += block.tables();
        }
        working = Math.max(working, headBackwardWorking(n, d, v));
        return new ActivationMemory(
                overallocated(FLOAT * retained, ACTIVATIONS_OVERALLOCATION),
                FLOAT * probs,
                overallocated(FLOAT * working, WORKING_OVERALLOCATION),
                2 * overallocated(FLOAT * n * d, WORKING_OVERALLOCATION),
                FLOAT * tables,
                2 * FLOAT * n);
    }

    /**
     * The LM head's backward (its forward is not run during training: DL4J sets the output layer's input and calls
     * backprop): the final norm's x-hat and output and row norms (2 n d + n), the logits [n, V] (the cross-entropy
     * turns them into their gradient in place, with 2 n of row maxima and sums), the copy of the targets (n), the
     * input gradient and the norm's backward (4 n d + n + d).
     */
    private static long headBackwardWorking(long n, long d, long v) {
        return n * v + 6 * n * d + 5 * n + d;
    }

    /** The embedding's forward (the token ids' copy and the gathered rows) or backward (the gradient's copy). */
    private static long embeddingWorking(long n, long d) {
        return n * d + n;
    }

    private static long overallocated(long bytes, double limit) {
        return bytes + (long) (bytes * limit);
    }

    /** Everything above: the off-heap a network's training step adds to its parameters and optimizer state. */
    public long total() {
        return retained + working + activationGradients + tables + tokens;
    }
}
