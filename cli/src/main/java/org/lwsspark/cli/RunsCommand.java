package org.lwsspark.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.lwsspark.common.Durations;
import org.lwsspark.common.Json;
import org.lwsspark.run.RunDirectory;
import org.lwsspark.run.RunStatus;
import org.lwsspark.run.store.RunLocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

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
        footer = {
            "",
            "Example:",
            "  ./lws runs runs/",
            "  ./lws runs runs/sweep --json",
            "  ./lws runs s3a://bucket/runs/sweep --copy-to /tmp/sweep-runs"
        })
final class RunsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(
            arity = "1..*",
            paramLabel = "ROOT",
            description = "directories that hold runs: local paths, file://, hdfs:// or s3a://")
    private List<String> roots;

    @Option(names = "--json", description = "one JSON array of the rows instead of the table")
    private boolean json;

    @Option(
            converter = LocalPath.class,
            names = "--copy-to",
            paramLabel = "DIR",
            description = {
                "also copy each run's run.json and metrics into DIR (local), in the layout of ROOT: what a",
                "notebook reads of runs on HDFS or an object store (one ROOT; a previous copy is replaced)"
            })
    private Path copyTo;

    @Option(
            names = "--stale-minutes",
            defaultValue = "15",
            paramLabel = "M",
            description = "a run not finished and unchanged for longer is stale (default: ${DEFAULT-VALUE})")
    private long staleMinutes;

    /**
     * A local run as the user named its root (a relative root stays relative, a {@code file:} root is a path); a
     * remote one by its URI.
     */
    private String shown(String given, RunLocation root, RunDirectory run) {
        if (!root.isLocal() || copyTo != null) {
            return run.location();
        }
        Path named = given.regionMatches(true, 0, "file:", 0, 5) ? root.localPath() : Path.of(given);
        return named.resolve(root.localPath().relativize(run.root())).toString();
    }

    @Override
    public Integer call() throws Exception {
        Instant now = Instant.now();
        List<RunStatus> rows = new ArrayList<>();
        if (copyTo != null && roots.size() != 1) {
            throw new ParameterException(spec.commandLine(), "--copy-to takes one ROOT, not " + roots.size());
        }
        Configuration hadoop = new Configuration();
        for (String given : roots) {
            RunLocation root = RunLocation.of(given);
            List<RunDirectory> runs = copyTo == null ? root.runsForReading(hadoop) : root.copyRunsInto(copyTo, hadoop);
            for (RunDirectory run : runs) {
                rows.add(RunStatus.of(run, shown(given, root, run), now, Duration.ofMinutes(staleMinutes)));
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
