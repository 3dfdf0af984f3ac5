package org.lwsspark.train;

import java.io.PrintStream;
import java.util.Locale;
import org.lwsspark.common.Durations;

/** The console lines of a run: one per logging step (with throughput and ETA), evaluation and checkpoint. */
final class Progress {

    private final PrintStream out;
    private final String name;
    private final long totalSteps;

    Progress(PrintStream out, String name, long totalSteps) {
        this.out = out;
        this.name = name;
        this.totalSteps = totalSteps;
    }

    void step(
            long step,
            double loss,
            double lr,
            double gradNorm,
            double tokensPerS,
            double wallS,
            double secondsPerStep) {
        out.printf(
                Locale.ROOT,
                "%s: step %d/%d (%.0f%%)  loss %.4f  lr %.2e  grad-norm %.3f  %,.0f tokens/s  "
                        + "elapsed %s  ETA %s%n",
                name,
                step,
                totalSteps,
                100.0 * step / totalSteps,
                loss,
                lr,
                gradNorm,
                tokensPerS,
                Durations.clock(wallS),
                Durations.clock((totalSteps - step) * secondsPerStep));
    }

    void eval(long step, double loss, long tokens, double seconds) {
        out.printf(
                Locale.ROOT,
                "%s: eval at step %d: val loss %.4f, ppl %.2f (%,d tokens, %.1f s)%n",
                name,
                step,
                loss,
                Math.exp(loss),
                tokens,
                seconds);
    }

    void note(String message) {
        out.printf("%s: %s%n", name, message);
    }
}
