package org.lwsspark.cli;

import picocli.CommandLine.Option;

/** {@code --master URL}: where a command's Spark application runs, unless spark-submit has said so already. */
final class SparkMasterOption {
    @Option(
            names = "--master",
            paramLabel = "URL",
            description = "Spark master (default: ${DEFAULT-VALUE}); ignored under spark-submit, which sets it")
    private String master;

    SparkMasterOption() {
        this("local[*]");
    }

    SparkMasterOption(String defaultMaster) {
        master = defaultMaster;
    }

    /** The master: spark-submit's ({@code spark.master}) when there is one, else the option. */
    String get() {
        return System.getProperty("spark.master", master);
    }
}
