/** Benchmarks run by the scripts in {@code bench/}: each prints its figures as one JSON line. */
package org.lwsspark.bench;
