/**
 * Tokenizers: GPT-2 BPE ({@code r50k_base}, jtokkit) by default, any Hugging Face {@code tokenizer.json} through
 * DJL, and a byte-level tokenizer for small CPU experiments. Each names itself, its vocabulary and EOS id for the
 * manifest, from which the trainer takes its vocabulary.
 */
package org.lwsspark.prep.tokenize;
