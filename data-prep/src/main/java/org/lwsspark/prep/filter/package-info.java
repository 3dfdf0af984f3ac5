/**
 * Document filters, each drop counted under a named {@link org.lwsspark.prep.doc.DropReason}: language
 * identification on the text itself, length, Gopher/C4 quality rules, exact and MinHash-LSH near deduplication.
 */
package org.lwsspark.prep.filter;
