package org.lwsspark.train.averaging;

import java.io.Serializable;
import java.util.List;
import scala.Tuple2;

/** One reduce task's averaged chunks (chunk index and values), the result it sends to the driver. */
record MeanChunks(List<Tuple2<Integer, FlatVector>> chunks) implements Serializable {}
