/**
 * The {@code ./lws} command line: one picocli command per subcommand, each a thin layer over the modules
 * ({@code plan}, {@code init}, {@code eval}, {@code export} over {@code model}; {@code prep} over
 * {@code data-prep}; {@code train} over {@code org.lwsspark.train}; {@code report} over {@code org.lwsspark.report}). Results go to standard output (JSON with {@code --json}); progress and logs to standard error.
 */
package org.lwsspark.cli;
