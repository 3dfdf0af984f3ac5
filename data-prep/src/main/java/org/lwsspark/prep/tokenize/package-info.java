/**
 * Tokenizers: GPT-2 BPE ({@code r50k_base}, jtokkit) by default and any Hugging Face {@code tokenizer.json} through
 * DJL, made from their spec by {@link org.lwsspark.prep.tokenize.Tokenizers}; the byte-level tokenizer, the
 * {@code Tokenizer} interface and the {@code TokenizerInfo} each one records in the manifest (the trainer takes its
 * vocabulary from it) are data-format's ({@link org.lwsspark.data.tokenize}).
 */
package org.lwsspark.prep.tokenize;
