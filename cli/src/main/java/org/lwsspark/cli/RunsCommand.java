package org.lwsspark.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.lwsspark.common.Durations;
import org.lwsspark.common.Json;
import org.lwsspark.run.RunDirectory;
import org.lwsspark.run.RunStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./lws runs}: every training run under some roots, one row each, and where it stands. */
@Command(
        name = "runs",
        mixinStandardHelpOptions = true,
        description = {
            "List the training runs under each ROOT (any depth: a directory with a run.json is",
            "a run) and where each stands: profile, size, seed, state, step of total, tokens,",
            "last validation loss, tokens/s and ETA. States: finished (checkpointed at its last",
            "step), failed (its last attempt stopped at an error), running (not finished, written",
            "to within --stale-minutes), stale (not finished, silent for longer: killed or lost)."
        },
        footer = {"", "Example:", "  ./lws runs runs/", "  ./lws runs runs/sweep --json"})
final class RunsCommand implements Callable<Integer> {

    @Parameters(
            converter = LocalPath.class,
            arity = "1..*",
            paramLabel = "ROOT",
            description = "directories that hold runs")
    private List<Path> roots;

    @Option(names = "--json", description = "one JSON array of the rows instead of the table")
    private boolean json;

    @Option(
            names = "--stale-minutes",
            defaultValue = "15",
            paramLabel = "M",
            description = "a run not finished and unchanged for longer is stale (default: ${DEFAULT-VALUE})")
    private long staleMinutes;

    @Override
    public Integer call() throws Exception {
        Instant now = Instant.now();
        List<RunStatus> rows = new ArrayList<>();
        for (Path root : roots) {
            for (RunDirectory run : RunDirectory.findUnder(root)) {
                Path shown = root.resolve(root.toAbsolutePath().normalize().relativize(run.root()));
                rows.add(RunStatus.of(run, shown.toString(), now, Duration.ofMinutes(staleMinutes)));
            }
        }
        if (json) {
            System.out.println(Json.MAPPER.writeValueAsString(rows));
            return ExitCodes.OK;
        }
        String format = "%-40s %-14s %-6s %4s %-8s %13s %12s %8s %9s %8s%n";
        System.out.printf(
                Locale.ROOT,
                format,
                "run",
                "profile",
                "size",
                "seed",
                "state",
                "step",
                "tokens",
                "val loss",
                "tokens/s",
                "ETA");
        for (RunStatus r : rows) {
            System.out.printf(
                    Locale.ROOT,
                    format,
                    r.dir(),
                    r.profile(),
                    r.size(),
                    r.seed(),
                    r.state().label(),
                    r.step() + "/" + r.totalSteps(),
                    String.format(Locale.ROOT, "%,d", r.tokensSeen()),
                    r.valLoss() == null ? "-" : String.format(Locale.ROOT, "%.4f", r.valLoss()),
                    r.tokensPerS() == null ? "-" : String.format(Locale.ROOT, "%,.0f", r.tokensPerS()),
                    r.etaSeconds() == null ? "-" : Durations.clock(r.etaSeconds()));
        }
        if (rows.isEmpty()) {
            System.err.println("lws runs: no run.json under " + roots);
        }
        return ExitCodes.OK;
    }
}
