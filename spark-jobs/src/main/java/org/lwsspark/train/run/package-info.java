/**
 * A run directory: {@code run.json} (what the run is, and each attempt at it) and its atomic checkpoints.
 */
package org.lwsspark.train.run;
