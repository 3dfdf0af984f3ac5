package org.lwsspark.run;

import com.fasterxml.jackson.annotation.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.lwsspark.run.metrics.MetricRow;
import org.lwsspark.run.metrics.MetricsReader;

/**
 * Where a run stands, read from its directory alone: what {@code ./lws runs} prints, one row per run.
 *
 * @param dir        the run's directory as the caller names it
 * @param step       the newest step logged or checkpointed
 * @param valLoss    the last evaluation's loss, null before the first
 * @param tokensPerS the throughput of the last logged step, null before the first
 * @param etaSeconds the time to the last step at that throughput, for a running run; null otherwise
 */
public record RunStatus(
        String dir,
        String runId,
        String profile,
        String size,
        long seed,
        State state,
        long step,
        long totalSteps,
        long tokensSeen,
        Double valLoss,
        Double tokensPerS,
        Double etaSeconds) {

    /**
     * {@code FINISHED}: checkpointed at its last step. {@code FAILED}: its last attempt stopped at an error and said
     * so. {@code RUNNING}: neither, and its directory changed within the stale time. {@code STALE}: neither, and
     * nothing changed for longer: a driver that was killed, or lost, without a word.
     */
    public enum State {
        RUNNING,
        FINISHED,
        FAILED,
        STALE;

        /** The state as {@code ./lws runs} prints it, in its table and its JSON. */
        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The status of {@code run} at {@code now}; a run unchanged for {@code staleAfter} is no longer running. */
    public static RunStatus of(RunDirectory run, String dir, Instant now, Duration staleAfter) {
        RunInfo info = run.readInfo();
        List<MetricRow> rows = MetricsReader.read(run.metrics());
        MetricRow lastTrain = rows.stream()
                .filter(r -> r.kind().equals(MetricRow.TRAIN))
                .reduce((a, b) -> b)
                .orElse(null);
        MetricRow lastEval = rows.stream()
                .filter(r -> r.kind().equals(MetricRow.EVAL))
                .reduce((a, b) -> b)
                .orElse(null);
        long checkpointed = run.newestCheckpoint().map(RunDirectory.Saved::step).orElse(0L);
        long step = Math.max(checkpointed, lastTrain == null ? 0 : lastTrain.step());
        long total = info.training().totalSteps();
        RunInfo.Attempt last = info.attempts().isEmpty()
                ? null
                : info.attempts().get(info.attempts().size() - 1);
        State state;
        if (checkpointed >= total) {
            state = State.FINISHED;
        } else if (last != null && last.outcome() != null && last.outcome().startsWith(RunInfo.FAILED)) {
            state = State.FAILED;
        } else {
            state = lastChange(run).isAfter(now.minus(staleAfter)) ? State.RUNNING : State.STALE;
        }
        Double tokensPerS = lastTrain == null ? null : lastTrain.tokensPerS();
        Double eta = state == State.RUNNING && tokensPerS != null && tokensPerS > 0
                ? (total - step) * info.training().tokensPerStep() / tokensPerS
                : null;
        return new RunStatus(
                dir,
                info.runId(),
                info.profile(),
                info.size(),
                info.config().path("seed").asLong(),
                state,
                step,
                total,
                step * info.training().tokensPerStep(),
                lastEval == null ? null : lastEval.valLoss(),
                tokensPerS,
                eta);
    }

    /** When anything of the run was last written: run.json, a metrics file or a checkpoint. */
    private static Instant lastChange(RunDirectory run) {
        Instant newest = modified(run.runJson());
        for (Path dir : List.of(run.metrics(), run.checkpoints())) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> entries = Files.list(dir)) {
                    for (Path entry : entries.toList()) {
                        Instant m = modified(entry);
                        newest = m.isAfter(newest) ? m : newest;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
                }
            }
        }
        return newest;
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the time of " + file + ": " + e.getMessage(), e);
        }
    }
}
