/**
 * The tokenizer side of the shard contract: {@link org.lwsspark.data.tokenize.TokenizerInfo}, what every manifest
 * records (name, vocabulary, padded vocabulary, EOS) and the trainer takes its vocabulary from; the
 * {@link org.lwsspark.data.tokenize.Tokenizer} interface; and {@link org.lwsspark.data.tokenize.ByteTokenizer}, which
 * needs no library and so also serves the single-process demo. The BPE and Hugging Face tokenizers stay in data-prep
 * with their libraries.
 */
package org.lwsspark.data.tokenize;
