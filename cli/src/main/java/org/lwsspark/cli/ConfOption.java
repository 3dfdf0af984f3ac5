package org.lwsspark.cli;

import java.io.File;
import picocli.CommandLine.Option;

/** {@code --conf FILE}: a HOCON file over the command's shipped defaults. */
final class ConfOption {
    @Option(names = "--conf", paramLabel = "FILE", description = "HOCON file overriding conf/${COMMAND-NAME}.conf")
    private File file;

    /** The file, or null for the defaults alone. */
    File file() {
        return file;
    }
}
