package org.lwsspark.train;

import java.io.PrintStream;
import java.util.Locale;

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
                duration(wallS),
                duration((totalSteps - step) * secondsPerStep));
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

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600
                ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
