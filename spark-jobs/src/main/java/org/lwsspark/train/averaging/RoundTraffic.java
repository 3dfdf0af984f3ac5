package org.lwsspark.train.averaging;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the rounds moved, from Spark's own task metrics: the task results that reached the driver and the shuffle
 * written and read, plus the bytes the driver broadcast. The stages of a round are known by the local property
 * {@value #ROUND} their job was started with; evaluations are not counted.
 */
public final class RoundTraffic extends SparkListener {

    static final String ROUND = "lws.round";
    private static final int LOGGED_ROUNDS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(RoundTraffic.class);

    /** Bytes moved by some rounds. */
    public record Bytes(int rounds, long toDriver, long broadcast, long shuffleWritten, long shuffleRead) {
        Bytes plus(Bytes o) {
            return new Bytes(
                    rounds + o.rounds,
                    toDriver + o.toDriver,
                    broadcast + o.broadcast,
                    shuffleWritten + o.shuffleWritten,
                    shuffleRead + o.shuffleRead);
        }

        /** One line: the mean per round, in MB (10^6 bytes). */
        public String describe() {
            double n = Math.max(1, rounds);
            return String.format(
                    Locale.ROOT,
                    "per round (mean of %d): to driver %.1f MB, broadcast %.1f MB, shuffle written %.1f MB, "
                            + "read %.1f MB",
                    rounds,
                    toDriver / n / 1e6,
                    broadcast / n / 1e6,
                    shuffleWritten / n / 1e6,
                    shuffleRead / n / 1e6);
        }
    }

    private final Map<Integer, Integer> roundOfStage = new ConcurrentHashMap<>();
    private final Map<Integer, Bytes> byRound = new ConcurrentHashMap<>();

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted event) {
        String round = event.properties() == null ? null : event.properties().getProperty(ROUND);
        if (round != null) {
            roundOfStage.put(event.stageInfo().stageId(), Integer.parseInt(round));
        }
    }

    /**
     * How a round's time divides between its stages (the workers' steps with the shuffle write, then the averaging
     * with the results): logged for the first rounds, where a slow round shows why, and at debug level after.
     */
    @Override
    public void onStageCompleted(SparkListenerStageCompleted event) {
        StageInfo stage = event.stageInfo();
        Integer round = roundOfStage.get(stage.stageId());
        if (round == null
                || stage.submissionTime().isEmpty()
                || stage.completionTime().isEmpty()) {
            return;
        }
        TaskMetrics m = stage.taskMetrics();
        String line = String.format(
                Locale.ROOT,
                "round %d: stage %d (%s, %d tasks) %.1f s; in its tasks: run %.1f s, GC %.1f s, shuffle write %.1f s,"
                        + " shuffle read wait %.1f s, result serialization %.1f s",
                round,
                stage.stageId(),
                stage.name(),
                stage.numTasks(),
                ((Long) stage.completionTime().get()
                                - (Long) stage.submissionTime().get())
                        / 1e3,
                m.executorRunTime() / 1e3,
                m.jvmGCTime() / 1e3,
                m.shuffleWriteMetrics().writeTime() / 1e9,
                m.shuffleReadMetrics().fetchWaitTime() / 1e3,
                m.resultSerializationTime() / 1e3);
        if (round < LOGGED_ROUNDS) {
            LOG.info(line);
        } else {
            LOG.debug(line);
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
        Integer round = roundOfStage.get(event.stageId());
        TaskMetrics m = event.taskMetrics();
        if (round != null && m != null) {
            add(
                    round,
                    new Bytes(
                            0,
                            m.resultSize(),
                            0,
                            m.shuffleWriteMetrics().bytesWritten(),
                            m.shuffleReadMetrics().totalBytesRead()));
        }
    }

    void broadcastTook(int round, double seconds) {
        String line = String.format(Locale.ROOT, "round %d: broadcast %.1f s", round, seconds);
        if (round < LOGGED_ROUNDS) {
            LOG.info(line);
        } else {
            LOG.debug(line);
        }
    }

    void roundStarted(int round, long broadcastBytes) {
        add(round, new Bytes(1, 0, broadcastBytes, 0, 0));
    }

    private void add(int round, Bytes bytes) {
        byRound.merge(round, bytes, Bytes::plus);
    }

    /** Rounds {@code [from, to)} together. Spark's listener bus may still hold the last tasks' events. */
    Bytes rounds(int from, int to) {
        Bytes sum = new Bytes(0, 0, 0, 0, 0);
        for (int r = from; r < to; r++) {
            sum = sum.plus(byRound.getOrDefault(r, new Bytes(0, 0, 0, 0, 0)));
        }
        return sum;
    }
}
