/**
 * Packing: documents joined by EOS into rows of exactly {@code seq_len + 1} ids, and the train/validation split by
 * document hash.
 */
package org.lwsspark.prep.pack;
