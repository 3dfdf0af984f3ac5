package org.lwsspark.train.averaging;

import java.io.Serializable;

/** One worker's values of one chunk of the state, on their way to the reduce task that averages the chunk. */
record WorkerChunk(int worker, FlatVector values) implements Serializable {}
