/**
 * The {@code ./lws} command line: one picocli command per subcommand, each a thin layer over the modules
 * ({@code plan}, {@code init}, {@code eval}, {@code export} over {@code model}; {@code prep} over
 * {@code data-prep}; {@code train} over {@code org.lwsspark.train}; {@code report} over {@code org.lwsspark.report};
 * {@code demo} over all of them). The options several commands share are mixins ({@code --master}, {@code --conf},
 * {@code --checkpoint}); {@link org.lwsspark.cli.Lws} turns every failure into one line and an exit code of
 * {@link org.lwsspark.cli.ExitCodes}. Results go to standard output (JSON with {@code --json}); progress and logs to
 * standard error.
 */
package org.lwsspark.cli;
