package org.lwsspark.prep;

import java.io.PrintStream;
import java.util.Locale;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.SparkStatusTracker;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * Console progress while a run works: every few seconds the current stage, records read so far and their rate,
 * the tasks of the active Spark stages and an ETA from their completion rate. A daemon thread: it never keeps the
 * JVM alive and never touches the data.
 */
final class ProgressReporter implements AutoCloseable {
    private final SparkSession spark;
    private final LongAccumulator records;
    private final PrintStream out;
    private final long periodMillis;
    private volatile String stage = "starting";
    private volatile long stageStarted = System.nanoTime();
    private volatile boolean readStage = true;
    private final java.util.LinkedHashMap<String, Double> timings = new java.util.LinkedHashMap<>();
    private boolean closed;
    private final Thread thread;

    ProgressReporter(SparkSession spark, LongAccumulator records, PrintStream out, int seconds) {
        this.spark = spark;
        this.records = records;
        this.out = out;
        this.periodMillis = seconds * 1000L;
        this.thread = new Thread(this::loop, "lws-prep-progress");
        thread.setDaemon(true);
        if (seconds > 0) thread.start();
    }

    /** Names the stage now running (also shown in the Spark UI as the job description). */
    void stage(String name) {
        endStage();
        readStage = stage.equals("starting");
        stage = name;
        stageStarted = System.nanoTime();
        spark.sparkContext().setJobDescription("lws prep: " + name);
        out.printf(Locale.ROOT, "[prep] %s ...%n", name);
    }

    private void loop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(periodMillis);
                out.println(line());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String line() {
        double stageElapsed = (System.nanoTime() - stageStarted) / 1e9;
        long n = records.value();
        int done = 0;
        int total = 0;
        SparkStatusTracker st = spark.sparkContext().statusTracker();
        for (int id : st.getActiveStageIds()) {
            scala.Option<SparkStageInfo> info = st.getStageInfo(id);
            if (info.isDefined()) {
                done += info.get().numCompletedTasks();
                total += info.get().numTasks();
            }
        }
        String eta = "?";
        if (total > 0 && done > 0) {
            double f = done / (double) total;
            eta = seconds(stageElapsed * (1 - f) / f);
        }
        // Records are counted as they are read: their rate is the reading rate, shown while reading.
        String records = readStage
                ? String.format(Locale.ROOT, "%,d records read (%,.0f records/s)", n, n / Math.max(stageElapsed, 1e-9))
                : String.format(Locale.ROOT, "%,d records", n);
        return String.format(
                Locale.ROOT,
                "[prep] %-24s %s, tasks %d/%d, %s elapsed, ETA %s",
                stage,
                records,
                done,
                total,
                seconds(stageElapsed),
                eta);
    }

    static String seconds(double s) {
        long t = Math.round(s);
        return t >= 3600
                ? String.format("%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
                : String.format("%d:%02d", t / 60, t % 60);
    }

    private void endStage() {
        if (!stage.equals("starting")) {
            timings.merge(stage, (System.nanoTime() - stageStarted) / 1e9, Double::sum);
        }
    }

    /** Seconds spent in each stage so far, in order (the current stage included once {@link #close()}d). */
    java.util.Map<String, Double> timings() {
        return new java.util.LinkedHashMap<>(timings);
    }

    @Override
    public void close() {
        if (!closed) {
            endStage();
            closed = true;
        }
        thread.interrupt();
    }
}
