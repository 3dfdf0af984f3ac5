package org.lwsspark.train.resources;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.bytedeco.javacpp.Pointer;

/**
 * The peaks of a JVM's memory, sampled by a daemon thread ({@code start()}, {@code stop()}, {@link #summary()}).
 *
 * <p>What it reads, and why: ND4J 1.0.0-M2.1 allocates its CPU arrays and workspaces natively, outside JavaCPP's
 * accounting: {@code Pointer.totalBytes()} stayed at 152 bytes with a 400 MB array allocated (measured). So the
 * off-heap figure is the process's resident memory ({@code Pointer.physicalBytes()}, the RSS) less what the JVM
 * itself has committed (heap and non-heap: metaspace, code cache); it includes native libraries' own memory
 * (OpenBLAS buffers, glibc's arenas). JavaCPP's own count is kept too, for the allocations it does track.
 */
public final class MemoryPeaks {

    /** Sampled every 100 ms unless told otherwise. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);

    /**
     * One reading, or the component-wise peaks of many, in bytes.
     *
     * @param heapUsed the heap in use, garbage included
     * @param heapLive the heap in use after the latest garbage collection of each pool: the live data
     * @param offHeap  {@code rss} less the JVM's committed heap and non-heap
     * @param javacpp  {@code Pointer.totalBytes()}: what JavaCPP tracks
     * @param rss      {@code Pointer.physicalBytes()}: the process's resident memory
     */
    public record Sample(long heapUsed, long heapLive, long offHeap, long javacpp, long rss) {

        /** The JVM now. */
        public static Sample now() {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            MemoryUsage heap = memory.getHeapMemoryUsage();
            MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
            long live = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                MemoryUsage afterGc = pool.getCollectionUsage();
                if (pool.getType() == MemoryType.HEAP && afterGc != null) {
                    live += afterGc.getUsed();
                }
            }
            long rss = Pointer.physicalBytes();
            return new Sample(
                    heap.getUsed(),
                    live,
                    Math.max(0, rss - heap.getCommitted() - nonHeap.getCommitted()),
                    Pointer.totalBytes(),
                    rss);
        }

        Sample max(Sample o) {
            return new Sample(
                    Math.max(heapUsed, o.heapUsed),
                    Math.max(heapLive, o.heapLive),
                    Math.max(offHeap, o.offHeap),
                    Math.max(javacpp, o.javacpp),
                    Math.max(rss, o.rss));
        }
    }

    private final Duration interval;
    private final AtomicReference<Sample> peak;
    private final Thread sampler;
    private volatile boolean running = true;

    private MemoryPeaks(Duration interval) {
        this.interval = interval;
        this.peak = new AtomicReference<>(Sample.now());
        this.sampler = new Thread(this::sample, "memory-peaks");
        sampler.setDaemon(true);
    }

    public static MemoryPeaks start() {
        return start(DEFAULT_INTERVAL);
    }

    public static MemoryPeaks start(Duration interval) {
        MemoryPeaks peaks = new MemoryPeaks(interval);
        peaks.sampler.start();
        return peaks;
    }

    private void sample() {
        while (running) {
            record();
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void record() {
        Sample now = Sample.now();
        peak.accumulateAndGet(now, Sample::max);
    }

    /** The peaks so far (each component's own maximum). */
    public Sample peak() {
        return peak.get();
    }

    /** Takes a last sample, stops the thread and returns the peaks. */
    public Sample stop() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        record();
        return peak();
    }

    /**
     * One line, the form {@code bench/resource-plan run} reads: {@code peak heap 1.234 GiB (live after GC 0.456
     * GiB), off-heap 3.456 GiB, rss 5.678 GiB, javacpp 0.000 GiB (sampled every 100 ms)}.
     */
    public String summary() {
        Sample p = peak();
        return String.format(
                Locale.ROOT,
                "peak heap %.3f GiB (live after GC %.3f GiB), off-heap %.3f GiB, rss %.3f GiB, javacpp %.3f GiB "
                        + "(sampled every %d ms)",
                gib(p.heapUsed()),
                gib(p.heapLive()),
                gib(p.offHeap()),
                gib(p.rss()),
                gib(p.javacpp()),
                interval.toMillis());
    }

    private static double gib(long bytes) {
        return bytes / (double) (1L << 30);
    }
}
