package org.lwsspark.train;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.lwsspark.model.io.Checkpoint;
import org.lwsspark.run.ResumePolicy;
import org.lwsspark.run.RunDirectory;
import org.lwsspark.run.RunInfo;
import org.lwsspark.run.TrainerState;

/** Where a run's training starts: a new network at step 0, or the newest checkpoint of a run being resumed. */
record StartPoint(ComputationGraph network, TrainerState state) {

    static StartPoint fresh(TrainPlan plan) {
        return new StartPoint(
                plan.spec().build(), TrainerState.start(plan.config().seed()));
    }

    /**
     * The newest checkpoint of the run in {@code run}, once the resume is known to train what the run trained;
     * empty when the run has already finished. Metrics written after that checkpoint are discarded: the steps
     * after it are trained again.
     */
    static Optional<StartPoint> resume(
            RunDirectory run, RunInfo previous, RunInfo now, TrainPlan plan, PrintStream console) {
        ResumePolicy.requireCompatible(previous, now, run.location() + "/" + RunInfo.FILE_NAME);
        Optional<RunDirectory.Saved> saved = run.newestCheckpoint();
        long savedStep = saved.map(RunDirectory.Saved::step).orElse(-1L);
        if (savedStep == plan.totalSteps()) {
            console.printf("%s: already finished at step %d; nothing to do%n", now.runId(), savedStep);
            return Optional.empty();
        }
        if (savedStep > plan.totalSteps()) {
            throw new IllegalArgumentException(run.location() + " has reached step " + savedStep + ", past the "
                    + plan.totalSteps() + " steps now asked for (max-steps / tokens)");
        }
        StartPoint start = saved.isPresent() ? fromCheckpoint(saved.get(), plan) : fresh(plan);
        List<String> discarded = run.discardMetricsAfter(savedStep);
        console.printf(
                "%s: resuming %s from step %d%s%n",
                now.runId(),
                run.location(),
                Math.max(0, savedStep),
                discarded.isEmpty() ? "" : " (metrics files after it discarded: " + discarded + ")");
        return Optional.of(start);
    }

    private static StartPoint fromCheckpoint(RunDirectory.Saved saved, TrainPlan plan) {
        Checkpoint.Loaded loaded = Checkpoint.read(saved.dir());
        if (!loaded.spec().equals(plan.spec())) {
            throw new IllegalStateException(saved.dir() + " holds a model (" + loaded.spec() + ") other than the one "
                    + "this run resolves to (" + plan.spec() + ")");
        }
        ComputationGraph network = loaded.network();
        network.getConfiguration().setIterationCount((int) saved.step());
        return new StartPoint(network, saved.state());
    }
}
