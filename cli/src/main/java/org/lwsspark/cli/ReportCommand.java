package org.lwsspark.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.lwsspark.report.Report;
import org.lwsspark.report.ReportSettings;
import org.lwsspark.run.store.RunLocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./lws report}: training runs of several profiles compared in a CSV, a Markdown report and charts. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Compare training runs of ./lws train: reads each run's run.json and metrics",
            "(no Spark), checks that they share data, token budget, sequence length and",
            "size (refused otherwise: exit 2, nothing written), and writes to --out:",
            "  report.csv            one row per run: final validation loss and perplexity,",
            "                        change against isotropic (same seed), parameters, speed",
            "  report.md             profiles best first, mean and min-max over seeds,",
            "                        every run, the charts, how to read it",
            "  delta-vs-isotropic.png  each profile's loss minus isotropic's (same seed) against",
            "                        tokens seen, mean and min-max over seeds",
            "  train-loss.png        training loss (smoothed) against tokens seen; below, the",
            "                        last half of training zoomed",
            "  val-ppl.png           validation perplexity against tokens seen, and zoomed",
            "  layer-allocation.png  FFN width and query heads of every layer"
        },
        footer = {
            "",
            "Example (a sweep root: each subdirectory a run):",
            "  ./lws report --runs runs/sweep --out reports/sweep",
            "  ./lws report --runs runs/iso-s1 runs/iso-s2 runs/crown-s1 runs/crown-s2 \\",
            "      --out reports/crown"
        })
final class ReportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            converter = RunLocationConverter.class,
            names = "--runs",
            required = true,
            arity = "1..*",
            paramLabel = "DIR",
            description = "run directories, or directories whose subdirectories are runs: local paths, file://, "
                    + "hdfs:// or s3a://")
    private List<RunLocation> runs;

    @Option(
            converter = LocalPath.class,
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "where the report is written (created)")
    private Path out;

    @Option(
            names = "--smoothing",
            defaultValue = "0.6",
            paramLabel = "W",
            description =
                    "training-loss EMA weight on the previous value, 0 to below 1; 0: raw (default: ${DEFAULT-VALUE})")
    private double smoothing;

    @Override
    public Integer call() {
        Configuration hadoop = new Configuration();
        List<Path> readable = runs.stream().map(r -> r.readable(hadoop)).toList();
        Report report = Report.build(new ReportSettings(readable, out, smoothing));
        report.warnings().forEach(w -> spec.commandLine().getErr().println("lws report: warning: " + w));
        report.write();
        report.summary().forEach(System.out::println);
        System.out.println("wrote " + String.join(", ", report.fileNames()) + " to " + report.out());
        return ExitCodes.OK;
    }
}
