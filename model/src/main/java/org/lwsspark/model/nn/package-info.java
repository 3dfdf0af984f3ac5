/**
 * The heterogeneous-width OLMo-2 transformer as a Deeplearning4j {@code ComputationGraph}.
 *
 * <p>Three custom layers: {@link org.lwsspark.model.nn.TokenEmbedding}, one
 * {@link org.lwsspark.model.nn.TransformerBlock} per {@link org.lwsspark.model.plan.LayerPlan} (each with its
 * own widths) and the {@link org.lwsspark.model.nn.LmHead} (final RMSNorm, untied head and a cross-entropy over
 * integer targets). Each layer is a configuration class (serialised to JSON by DL4J, shipped to Spark executors)
 * and a runtime class with a hand-written forward and backward pass in ND4J: the SameDiff route of M2.1 doubles
 * gradients, recomputes forward passes during backprop and is several times slower.
 * {@link org.lwsspark.model.nn.LwsTransformer} assembles the graph from a plan.
 *
 * <p>Tensors between layers are {@code [batch, time, d_model]} (c order); token ids and targets are
 * {@code [batch, time]} arrays of integral values in the network's floating type.
 */
package org.lwsspark.model.nn;
