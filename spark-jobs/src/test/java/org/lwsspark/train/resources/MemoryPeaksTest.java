package org.lwsspark.train.resources;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MemoryPeaksTest {

    private static final long MIB = 1L << 20;

    @Test
    void anNd4jArrayShowsAsOffHeapAndAJavaArrayAsHeap() throws Exception {
        MemoryPeaks.Sample before = MemoryPeaks.Sample.now();
        MemoryPeaks peaks = MemoryPeaks.start(Duration.ofMillis(20));
        // 64 M floats = 256 MiB, zeroed by ND4J, so resident at once; 128 MiB of Java bytes, touched
        INDArray offHeap = Nd4j.create(DataType.FLOAT, 64L << 20);
        byte[] heap = new byte[128 << 20];
        java.util.Arrays.fill(heap, (byte) 1);
        Thread.sleep(200);
        MemoryPeaks.Sample peak = peaks.stop();

        long offHeapGrowth = peak.offHeap() - before.offHeap();
        assertTrue(offHeapGrowth >= 230 * MIB, "off-heap grew by " + offHeapGrowth / MIB + " MiB");
        assertTrue(peak.heapUsed() >= 128 * MIB, "heap peaked at " + peak.heapUsed() / MIB + " MiB");
        assertTrue(peak.rss() >= before.rss() + 230 * MIB);
        assertTrue(
                peak.javacpp() < 64 * MIB,
                "JavaCPP does not count ND4J's CPU arrays (" + peak.javacpp() + " bytes), which is why off-heap "
                        + "is read from the RSS");
        assertTrue(offHeap.length() + heap.length > 0);
    }

    @Test
    void theSummaryIsTheLineTheBenchReads() {
        MemoryPeaks peaks = MemoryPeaks.start();
        peaks.stop();
        String line = peaks.summary();
        assertTrue(
                line.matches(
                        "peak heap \\d+\\.\\d{3} GiB \\(live after GC \\d+\\.\\d{3} GiB\\), off-heap \\d+\\.\\d{3} "
                                + "GiB, rss \\d+\\.\\d{3} GiB, javacpp \\d+\\.\\d{3} GiB \\(sampled every 100 ms\\)"),
                line);
    }
}
