package org.lwsspark.cli;

import org.lwsspark.run.store.RunLocation;
import picocli.CommandLine.ITypeConverter;

/** A run directory, or a directory of runs: a local path, or a {@code file:}, {@code hdfs:} or {@code s3a:} URI. */
final class RunLocationConverter implements ITypeConverter<RunLocation> {

    @Override
    public RunLocation convert(String value) {
        return RunLocation.of(value);
    }
}
