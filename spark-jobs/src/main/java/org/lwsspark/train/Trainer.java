package org.lwsspark.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.lwsspark.data.SerializableConf;
import org.lwsspark.data.TokenShards;
import org.lwsspark.model.io.Checkpoint;
import org.lwsspark.model.optim.GlobalNormClipping;
import org.lwsspark.run.RunDirectory;
import org.lwsspark.run.TrainerState;
import org.lwsspark.run.metrics.MetricRow;
import org.lwsspark.run.metrics.MetricsWriter;
import org.lwsspark.train.averaging.Averaging;
import org.lwsspark.train.averaging.ReduceScatterAveraging;
import org.lwsspark.train.data.TrainingData;
import org.lwsspark.train.metrics.StepLog;
import org.nd4j.linalg.dataset.api.MultiDataSet;

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
    public record Outcome(
            TrainerState state, double firstValLoss, double lastValLoss, double tokensPerS, Path lastCheckpoint) {}

    private Trainer(
            TrainPlan plan,
            RunDirectory run,
            Averaging averaging,
            TrainingData data,
            StepLog stepLog,
            String runId,
            Progress progress) {
        this.plan = plan;
        this.run = run;
        this.averaging = averaging;
        this.data = data;
        this.stepLog = stepLog;
        this.metrics = run.metricsWriter();
        this.labels = new MetricRow.RunLabels(
                runId, plan.config().profile(), plan.config().size());
        this.progress = progress;
        TrainConfig.Eval eval = plan.config().eval();
        this.validation = data.validation(eval.rows(), eval.batch());
        this.validationTokens = data.validationRows(eval.rows()) * plan.seqLen();
    }

    /**
     * The loop on Spark: {@code network} averaged over the plan's workers, each reading its slice of {@code data},
     * every step's loss and gradient norm brought back through the clipping listener.
     */
    static Trainer onSpark(
            JavaSparkContext sc,
            TrainPlan plan,
            TokenShards data,
            ComputationGraph network,
            RunDirectory run,
            String runId,
            Progress progress) {
        TrainConfig config = plan.config();
        StepLog stepLog = new StepLog(sc);
        List<TrainingListener> listeners =
                List.of(new GlobalNormClipping(plan.spec().optimizer().clipNorm(), stepLog.observer()));
        Averaging averaging = new ReduceScatterAveraging(
                sc,
                network,
                config.averagingState(),
                plan.workers(),
                config.batchPerWorker(),
                config.averagingFrequency(),
                listeners);
        TrainingData trainingData = new TrainingData(
                sc,
                data,
                new SerializableConf(sc.hadoopConfiguration()),
                config.seed(),
                plan.workers(),
                config.batchPerWorker(),
                plan.threadsPerWorker(),
                config.spanRows());
        return new Trainer(plan, run, averaging, trainingData, stepLog, runId, progress);
    }

    /** How the workers' networks are averaged, in words. */
    public String averaging() {
        return averaging.describe();
    }

    /** Trains from {@code start} (a fresh state or a checkpoint's) to the planned number of steps. */
    public Outcome train(TrainerState start) {
        TrainConfig config = plan.config();
        long attemptStart = System.nanoTime();
        Throughput throughput = new Throughput();
        TrainerState state = start;
        double firstValLoss = state.step() == 0 ? evaluate(state) : Double.NaN;
        double lastValLoss = firstValLoss;
        long lastFlush = System.nanoTime();
        Path lastCheckpoint = null;
        while (state.step() < plan.totalSteps()) {
            int steps = roundLength(state);
            long end = state.step() + steps;
            boolean checkpointFollows = isDue(end, config.checkpoint().every()) || end == plan.totalSteps();
            long t0 = System.nanoTime();
            averaging.trainRound(data.round(state.epoch(), state.stepInEpoch(), steps), steps, checkpointFollows);
            throughput.round(steps, (System.nanoTime() - t0) / 1e9);
            if (state.step() == start.step()) {
                progress.note("first round's traffic " + averaging.traffic().describe());
            }
            TrainerState next = state.advance(
                    steps,
                    plan.tokensPerStep(),
                    data.stepsPerEpoch(),
                    start.wallSeconds() + (System.nanoTime() - attemptStart) / 1e9);
            logSteps(state.step(), next, stepLog.drain(), throughput);
            state = next;
            boolean last = state.step() == plan.totalSteps();
            if (isDue(state.step(), config.eval().every()) || last) {
                lastValLoss = evaluate(state);
            }
            if (isDue(state.step(), config.checkpoint().every()) || last) {
                lastCheckpoint = checkpoint(state);
                lastFlush = System.nanoTime();
            } else if ((System.nanoTime() - lastFlush) / 1e9 >= config.metricsFlushSeconds()) {
                metrics.flush();
                lastFlush = System.nanoTime();
            }
        }
        metrics.flush();
        progress.note("traffic " + averaging.traffic().describe());
        return new Outcome(
                state, firstValLoss, lastValLoss, throughput.tokensPerSecond(plan.tokensPerStep()), lastCheckpoint);
    }

    /** Training time, rounds only (not evaluations or checkpoints): overall and since the last logged step. */
    private static final class Throughput {
        private double seconds;
        private long steps;
        private double secondsSinceLog;
        private long stepsSinceLog;

        void round(int roundSteps, double roundSeconds) {
            seconds += roundSeconds;
            steps += roundSteps;
            secondsSinceLog += roundSeconds;
            stepsSinceLog += roundSteps;
        }

        double tokensPerSecond(long tokensPerStep) {
            return steps == 0 ? 0 : steps * tokensPerStep / seconds;
        }

        /** Since the last call: rounds are timed whole, so the logged steps of one round share its figure. */
        double tokensPerSecondSinceLog(long tokensPerStep) {
            double figure = stepsSinceLog * tokensPerStep / secondsSinceLog;
            secondsSinceLog = 0;
            stepsSinceLog = 0;
            return figure;
        }

        double secondsPerStep() {
            return seconds / steps;
        }
    }

    /** A metrics row and a console line for each logging step of the round that ended at {@code next}. */
    private void logSteps(
            long firstStep, TrainerState next, Map<Integer, StepLog.StepSummary> records, Throughput throughput) {
        double tokensPerS = Double.NaN;
        for (long step = firstStep + 1; step <= next.step(); step++) {
            if (step % plan.config().logEvery() != 0 && step != plan.totalSteps()) {
                continue;
            }
            StepLog.StepSummary record = records.get((int) (step - 1));
            if (record == null) {
                throw new IllegalStateException(
                        "no worker reported step " + step + ": the step listener did not run " + "on the executors");
            }
            if (Double.isNaN(tokensPerS)) {
                tokensPerS = throughput.tokensPerSecondSinceLog(plan.tokensPerStep());
            }
            double lr = plan.spec().optimizer().learningRateAt(step - 1);
            metrics.add(MetricRow.train(
                    labels,
                    step,
                    step * plan.tokensPerStep(),
                    record.meanLoss(),
                    lr,
                    record.meanGradNorm(),
                    tokensPerS,
                    next.wallSeconds()));
            progress.step(
                    step,
                    record.meanLoss(),
                    lr,
                    record.meanGradNorm(),
                    tokensPerS,
                    next.wallSeconds(),
                    throughput.secondsPerStep());
        }
    }

    /** Flushes the metrics first: every metrics file then lies wholly before or wholly after a checkpoint. */
    private Path checkpoint(TrainerState state) {
        metrics.flush();
        long t0 = System.nanoTime();
        Path dir = run.checkpointDir(state.step());
        Checkpoint.write(dir, averaging.network(), plan.spec(), Map.of(TrainerState.FILE_NAME, state));
        run.keepNewest(plan.config().checkpoint().keep());
        progress.note(
                String.format("checkpoint %s (%.1f s)", run.root().relativize(dir), (System.nanoTime() - t0) / 1e9));
        return dir;
    }

    /** Up to the averaging frequency, but never past an evaluation, a checkpoint, the epoch's end or the run's. */
    private int roundLength(TrainerState state) {
        TrainConfig config = plan.config();
        long limit = Math.min(
                plan.totalSteps(),
                Math.min(
                        nextDue(state.step(), config.eval().every()),
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

    private double evaluate(TrainerState state) {
        long t0 = System.nanoTime();
        double loss = averaging.meanLoss(validation);
        metrics.add(
                MetricRow.eval(labels, state.step(), state.tokensSeen(), loss, validationTokens, state.wallSeconds()));
        progress.eval(state.step(), loss, validationTokens, (System.nanoTime() - t0) / 1e9);
        return loss;
    }
}
