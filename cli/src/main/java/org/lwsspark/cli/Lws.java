package org.lwsspark.cli;

import com.typesafe.config.ConfigException;
import java.io.UncheckedIOException;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.lwsspark.model.nn.Backend;
import org.lwsspark.prep.PrepFailedException;
import org.lwsspark.train.StandaloneAdmission;
import org.lwsspark.train.TrainingFailedException;
import org.lwsspark.train.device.CudaDeviceCheck;
import org.lwsspark.train.device.UnsupportedGpuException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code ./lws}. Every command fails the same way: one line, "lws COMMAND: what is wrong", naming the
 * file, option or setting at fault, and an exit code of {@link ExitCodes}.
 */
@Command(
        name = "lws",
        mixinStandardHelpOptions = true,
        versionProvider = LwsVersion.class,
        description = "Layer-wise scaling (LWS) transformer pre-training on Apache Spark and Deeplearning4j.",
        subcommands = {
            PlanCommand.class,
            InitCommand.class,
            EvalCommand.class,
            ExportCommand.class,
            DemoCommand.class,
            PrepCommand.class,
            TrainCommand.class,
            ReportCommand.class,
            RunsCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Exit codes: 0 done; 1 the work started and failed (nothing half-written is visible);",
            "2 bad usage or input (nothing done); 3 ND4J's native backend cannot start here",
            "(or its CUDA library holds no code for this GPU)."
        })
public final class Lws {

    private static final Set<String> WITHOUT_ND4J = Set.of("plan", "help", "prep", "report");

    public static void main(String[] args) {
        // In the process of a command only: a test that runs commands in its own JVM keeps its threads' errors.
        FatalErrors.install(args.length > 0 ? args[0] : "", System.err);
        System.exit(commandLine().execute(args));
    }

    /** The command tree, with errors printed as one line naming what is wrong rather than a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Lws());
        cli.setExecutionStrategy(parsed -> {
            CommandLine.ParseResult sub = parsed.subcommand();
            String name = sub == null ? "" : sub.commandSpec().name();
            if (sub != null && !sub.isUsageHelpRequested()) {
                int refused = preflight(name, cli);
                if (refused != ExitCodes.OK) {
                    return refused;
                }
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr()
                    .println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage() + " (see "
                            + cmd.getCommandSpec().qualifiedName() + " --help)");
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (FatalErrors.ending()) {
                return ExitCodes.FAILED; // its one line is printed; this is the job that waited on it
            }
            if (!isExpected(e)) {
                e.printStackTrace(cmd.getErr()); // a bug: its stack trace is what a report needs
                return ExitCodes.FAILED;
            }
            cmd.getErr().println("lws " + cmd.getCommandName() + ": " + e.getMessage());
            if (e instanceof UnsupportedGpuException) {
                return ExitCodes.NO_BACKEND;
            }
            return e instanceof PrepFailedException || e instanceof TrainingFailedException
                    ? ExitCodes.FAILED
                    : ExitCodes.USAGE;
        });
        return cli;
    }

    /** What the work needs before it starts: ND4J for the commands that run it, the cluster's admission for prep. */
    private static int preflight(String name, CommandLine cli) {
        try {
            if (!WITHOUT_ND4J.contains(name)) {
                CudaDeviceCheck.requireCurrentDevice();
                Backend.requireUsable();
            }
        } catch (IllegalStateException e) {
            cli.getErr().println("lws " + name + ": " + e.getMessage());
            return ExitCodes.NO_BACKEND;
        }
        if (name.equals("prep")) {
            try {
                // Under spark-submit prep's session reads spark.master from these system properties.
                StandaloneAdmission.require(new SparkConf());
            } catch (IllegalStateException e) {
                cli.getErr().println("lws prep: " + e.getMessage());
                return ExitCodes.USAGE;
            }
        }
        return ExitCodes.OK;
    }

    /** Failures of the work or of its inputs, which the user can act on from one line. */
    private static boolean isExpected(Exception e) {
        return e instanceof PrepFailedException
                || e instanceof TrainingFailedException
                || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException
                || e instanceof UncheckedIOException
                || e instanceof ConfigException;
    }
}
