package org.lwsspark.run.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MetricsReader} reads back what {@link MetricsWriter} wrote, and only that. */
class MetricsReaderTest {

    private static final MetricRow.RunLabels RUN = new MetricRow.RunLabels("r-1", "crown-18", "tiny");

    @Test
    void readsEveryFlushedRowInStepOrderWithNullsKept(@TempDir Path dir) throws Exception {
        MetricsWriter writer = new MetricsWriter(dir);
        MetricRow eval0 = MetricRow.eval(RUN, 0, 0, 5.75, 4096, 0.5);
        MetricRow train2 = MetricRow.train(RUN, 2, 256, 5.5, 1e-3, 2.25, 120.5, 1.5);
        MetricRow train4 = MetricRow.train(RUN, 4, 512, 5.0, 1e-3, 1.75, 130.25, 2.5);
        MetricRow eval4 = MetricRow.eval(RUN, 4, 512, 4.75, 4096, 3.0);
        // Steps 4 flushed before steps 0-2, and an evaluation before the training row of its step: rows come back
        // by step, a step's training row before its evaluation.
        writer.add(eval4);
        writer.add(train4);
        writer.flush();
        writer.add(eval0);
        writer.add(train2);
        writer.flush();
        // A file being written (hidden) is not a file of the run yet.
        Files.writeString(dir.resolve(".step-00000006-00000006.parquet.writing"), "half a file");

        assertEquals(List.of(eval0, train2, train4, eval4), MetricsReader.read(dir));
    }

    @Test
    void noDirectoryIsNoRowsAndABrokenFileIsNamed(@TempDir Path dir) throws Exception {
        assertTrue(MetricsReader.read(dir.resolve("metrics")).isEmpty());
        Path bad = dir.resolve("step-00000000-00000002.parquet");
        Files.writeString(bad, "not parquet");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> MetricsReader.read(dir));
        assertTrue(e.getMessage().startsWith(bad + ": not a readable metrics file"), e.getMessage());
    }
}
