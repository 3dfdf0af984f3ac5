package org.lwsspark.bench;

import java.util.List;
import java.util.Locale;
import org.lwsspark.model.plan.ModelPlan;
import org.lwsspark.train.averaging.AveragedState;
import org.lwsspark.train.resources.ResourcePlan;

/**
 * The resource plan of the paper's model on N GPU executors (docs/scaling.md): crown-18 at the paper size with the
 * r50k vocabulary, 16 rows of 1,024 tokens per executor and step, for N = 8, 32 and 64; driver memory, bytes per
 * round through the driver and through the shuffle, and the averaging frequency that keeps the round's overhead
 * under 10% at the H200 step times that the PyTorch reference measured for that batch. Prints a markdown table.
 *
 * <p>Arguments: averaging state ({@code all} or {@code parameters}), network bandwidth in GB/s per link.
 */
public final class ScalingPlan {

    private static final List<Integer> EXECUTORS = List.of(8, 32, 64);
    private static final List<String> PRECISIONS = List.of("fp32", "TF32", "bf16", "bf16 + flash + compile");
    /** Seconds per step of 16 x 1,024 tokens on one H200 (the PyTorch reference, measured outside this repository: docs/scaling.md). */
    private static final List<Double> STEP_SECONDS =
            List.of(0.48, 16 * 1024 / 78e3, 16 * 1024 / 85e3, 16 * 1024 / 344e3);

    public static void main(String[] args) {
        AveragedState state = AveragedState.parse(args.length > 0 ? args[0] : "all");
        double bytesPerSecond = (args.length > 1 ? Double.parseDouble(args[1]) : 1.25) * 1e9;
        ModelPlan preset = TrainThroughput.model("crown-18@paper");
        ModelPlan model = preset.withSize(preset.size().withVocabSize(50304));
        StringBuilder out = new StringBuilder("| | N = 8 | N = 32 | N = 64 |\n|---|---|---|---|\n");
        row(
                out,
                "tokens per step",
                n -> String.format(Locale.ROOT, "%,d", plan(model, n, state).tokensPerStep()));
        row(out, "worker device memory", n -> gib(plan(model, n, state).workerDeviceBytes()));
        row(out, "driver heap", n -> gib(plan(model, n, state).driverHeapBytes()));
        row(out, "driver off-heap", n -> gib(plan(model, n, state).driverOffHeapBytes()));
        row(
                out,
                "bytes per round through the driver",
                n -> gb(plan(model, n, state).throughDriverBytesPerRound()));
        row(
                out,
                "bytes per round through the shuffle (written)",
                n -> gb(plan(model, n, state).shuffleBytesPerRound()));
        for (int i = 0; i < PRECISIONS.size(); i++) {
            double step = STEP_SECONDS.get(i);
            row(
                    out,
                    String.format(Locale.ROOT, "k for <= 10%% overhead, %s (%.3f s a step)", PRECISIONS.get(i), step),
                    n -> String.valueOf(plan(model, n, state).stepsPerRound(step, 0.10, bytesPerSecond)));
        }
        System.out.printf(
                Locale.ROOT,
                "crown-18 paper (%,d parameters), 16 x 1,024 tokens per executor and step, averaging-state %s, "
                        + "%.2f GB/s per link%n%n%s",
                model.totalParams(),
                state.configName(),
                bytesPerSecond / 1e9,
                out);
    }

    private static ResourcePlan plan(ModelPlan model, int executors, AveragedState state) {
        return ResourcePlan.of(model, 1024, 16, executors, 0, state);
    }

    private static void row(StringBuilder out, String name, java.util.function.IntFunction<String> cell) {
        out.append("| ").append(name);
        EXECUTORS.forEach(n -> out.append(" | ").append(cell.apply(n)));
        out.append(" |\n");
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }

    private static String gb(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
