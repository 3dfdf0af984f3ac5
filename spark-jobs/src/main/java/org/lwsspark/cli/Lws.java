package org.lwsspark.cli;

import org.apache.spark.SparkConf;
import org.lwsspark.model.nn.Backend;
import org.lwsspark.prep.PrepCommand;
import org.lwsspark.train.StandaloneAdmission;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Set;

/** Entry point of {@code ./lws}. */
@Command(name = "lws", mixinStandardHelpOptions = true, versionProvider = LwsVersion.class,
        description = "Layer-wise scaling (LWS) transformer pre-training on Apache Spark and Deeplearning4j.",
        subcommands = {PlanCommand.class, InitCommand.class, EvalCommand.class, ExportCommand.class, DemoCommand.class,
                PrepCommand.class, TrainCommand.class, ReportCommand.class, CommandLine.HelpCommand.class})
public final class Lws {

    private static final Set<String> WITHOUT_ND4J = Set.of("plan", "help", "prep", "report");

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree, with errors printed as one line naming what is wrong rather than a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Lws());
        cli.setExecutionStrategy(parsed -> {
            // The subcommands that run ND4J: fail early, and clearly, where it cannot start.
            String name = parsed.subcommand() == null ? "" : parsed.subcommand().commandSpec().name();
            if (!name.isEmpty() && !WITHOUT_ND4J.contains(name) && !parsed.subcommand().isUsageHelpRequested()) {
                try {
                    Backend.requireUsable();
                } catch (IllegalStateException e) {
                    cli.getErr().println("lws " + name + ": " + e.getMessage());
                    return 3;
                }
            }
            if (name.equals("prep") && !parsed.subcommand().isUsageHelpRequested()) {
                // Under spark-submit prep's session reads spark.master from these system properties.
                try {
                    StandaloneAdmission.require(new SparkConf());
                } catch (IllegalStateException e) {
                    cli.getErr().println("lws prep: " + e.getMessage());
                    return 2;
                }
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    || e instanceof java.io.UncheckedIOException) {
                cmd.getErr().println("lws " + cmd.getCommandName() + ": " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }
}
