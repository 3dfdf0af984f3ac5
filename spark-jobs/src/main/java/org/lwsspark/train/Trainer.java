package org.lwsspark.train;

import org.apache.spark.api.java.JavaRDD;
import org.lwsspark.train.averaging.Averaging;
import org.lwsspark.train.data.TrainingData;
import org.lwsspark.train.metrics.MetricRow;
import org.lwsspark.train.metrics.MetricsWriter;
import org.lwsspark.train.metrics.StepLog;
import org.lwsspark.train.run.RunDirectory;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.nio.file.Path;
import java.util.Map;

/**
 * The training loop. It trains one round at a time through {@link Averaging}, and between rounds logs each
 * logging step's row, evaluates and checkpoints, so all three see the one averaged network. A round ends after
 * {@code averaging-frequency} steps, or earlier at an evaluation step, a checkpoint step, the end of an epoch or
 * the end of the run: round boundaries depend only on the step, so a resumed run trains exactly as an
 * uninterrupted one.
 */
public final class Trainer {

    private final TrainPlan plan;
    private final RunDirectory run;
    private final Averaging averaging;
    private final TrainingData data;
    private final StepLog stepLog;
    private final MetricsWriter metrics;
    private final MetricRow.RunLabels labels;
    private final Progress progress;
    private final JavaRDD<MultiDataSet> validation;
    private final long validationTokens;

    /** How a call to {@link #train} ended. */
    public record Outcome(TrainerState state, double firstValLoss, double lastValLoss, double tokensPerS,
                          Path lastCheckpoint) {
    }

    public Trainer(TrainPlan plan, RunDirectory run, Averaging averaging, TrainingData data, StepLog stepLog,
                   String runId, Progress progress) {
        this.plan = plan;
        this.run = run;
        this.averaging = averaging;
        this.data = data;
        this.stepLog = stepLog;
        this.metrics = new MetricsWriter(run.metrics());
        this.labels = new MetricRow.RunLabels(runId, plan.config().profile(), plan.config().size());
        this.progress = progress;
        TrainConfig.Eval eval = plan.config().eval();
        this.validation = data.validation(eval.rows(), eval.batch());
        this.validationTokens = data.validationRows(eval.rows()) * plan.seqLen();
    }

    /** Trains from {@code start} (a fresh state or a checkpoint's) to the planned number of steps. */
    public Outcome train(TrainerState start) {
        TrainConfig config = plan.config();
        long total = plan.totalSteps();
        long attemptStart = System.nanoTime();
        double wallBefore = start.wallSeconds();
        TrainerState state = start;
        double firstValLoss = Double.NaN;
        double lastValLoss = Double.NaN;
        if (state.step() == 0) {
            firstValLoss = lastValLoss = evaluate(state, wallBefore);
        }
        double roundSeconds = 0;
        long roundSteps = 0;
        double secondsSinceLog = 0;
        long stepsSinceLog = 0;
        long lastFlush = System.nanoTime();
        Path lastCheckpoint = null;
        while (state.step() < total) {
            int steps = roundLength(state);
            long t0 = System.nanoTime();
            averaging.trainRound(data.round(state.epoch(), state.stepInEpoch(), steps), steps);
            double seconds = (System.nanoTime() - t0) / 1e9;
            roundSeconds += seconds;
            roundSteps += steps;
            secondsSinceLog += seconds;
            stepsSinceLog += steps;
            double wall = wallBefore + (System.nanoTime() - attemptStart) / 1e9;
            TrainerState next = state.advance(steps, plan.tokensPerStep(), data.stepsPerEpoch(), wall);
            Map<Integer, StepLog.StepSummary> records = stepLog.drain();
            // Rounds are timed whole: the log rows of one round share its throughput since the previous row.
            double tokensPerS = stepsSinceLog * plan.tokensPerStep() / secondsSinceLog;
            boolean logged = false;
            for (long step = state.step() + 1; step <= next.step(); step++) {
                if (step % config.logEvery() == 0 || step == total) {
                    logStep(step, records.get((int) (step - 1)), tokensPerS, wall, roundSeconds / roundSteps);
                    logged = true;
                }
            }
            if (logged) {
                secondsSinceLog = 0;
                stepsSinceLog = 0;
            }
            state = next;
            if (isDue(state.step(), config.eval().every()) || state.step() == total) {
                lastValLoss = evaluate(state, wall);
            }
            if (isDue(state.step(), config.checkpoint().every()) || state.step() == total) {
                metrics.flush();
                lastFlush = System.nanoTime();
                long t1 = System.nanoTime();
                lastCheckpoint = run.checkpoint(averaging.network(), plan.spec(), withWall(state, attemptStart,
                        wallBefore), config.checkpoint().keep());
                progress.note(String.format("checkpoint %s (%.1f s)", run.root().relativize(lastCheckpoint),
                        (System.nanoTime() - t1) / 1e9));
            } else if ((System.nanoTime() - lastFlush) / 1e9 >= config.metricsFlushSeconds()) {
                metrics.flush();
                lastFlush = System.nanoTime();
            }
        }
        metrics.flush();
        double tokensPerS = roundSteps == 0 ? 0 : roundSteps * plan.tokensPerStep() / roundSeconds;
        return new Outcome(state, firstValLoss, lastValLoss, tokensPerS, lastCheckpoint);
    }

    /** Up to the averaging frequency, but never past an evaluation, a checkpoint, the epoch's end or the run's. */
    private int roundLength(TrainerState state) {
        TrainConfig config = plan.config();
        long limit = Math.min(plan.totalSteps(), Math.min(nextDue(state.step(), config.eval().every()),
                nextDue(state.step(), config.checkpoint().every())));
        long steps = Math.min(config.averagingFrequency(), limit - state.step());
        return (int) Math.min(steps, data.stepsPerEpoch() - state.stepInEpoch());
    }

    private static boolean isDue(long step, int every) {
        return every > 0 && step % every == 0;
    }

    private static long nextDue(long step, int every) {
        return every == 0 ? Long.MAX_VALUE : (step / every + 1) * every;
    }

    private void logStep(long step, StepLog.StepSummary record, double tokensPerS, double wall,
                         double secondsPerStep) {
        if (record == null) {
            throw new IllegalStateException("no worker reported step " + step + ": the step listener did not run "
                    + "on the executors");
        }
        double lr = plan.spec().optimizer().learningRateAt(step - 1);
        metrics.add(MetricRow.train(labels, step, step * plan.tokensPerStep(), record.meanLoss(), lr,
                record.meanGradNorm(), tokensPerS, wall));
        progress.step(step, record.meanLoss(), lr, record.meanGradNorm(), tokensPerS, wall, secondsPerStep);
    }

    private double evaluate(TrainerState state, double wall) {
        long t0 = System.nanoTime();
        double loss = averaging.meanLoss(validation, plan.config().eval().batch());
        metrics.add(MetricRow.eval(labels, state.step(), state.tokensSeen(), loss, validationTokens, wall));
        progress.eval(state.step(), loss, validationTokens, (System.nanoTime() - t0) / 1e9);
        return loss;
    }

    private static TrainerState withWall(TrainerState s, long attemptStart, double wallBefore) {
        return new TrainerState(s.step(), s.tokensSeen(), s.epoch(), s.stepInEpoch(), s.seed(),
                wallBefore + (System.nanoTime() - attemptStart) / 1e9);
    }
}
