package org.lwsspark.cli;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A directory option that run directories, checkpoints and reports take: a local path or a {@code file:} URI. Any
 * other scheme ({@code hdfs://}, {@code s3a://}) is refused by name: read as a path it would silently become a local
 * relative directory ({@code s3a:/bucket/x}). Prep's inputs and outputs and train's {@code --data} go through
 * Hadoop's file systems and take every scheme.
 */
final class LocalPath implements ITypeConverter<Path> {

    @Override
    public Path convert(String value) {
        int colon = value.indexOf(':');
        boolean hasScheme = colon > 1 && value.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*");
        if (!hasScheme) {
            return Path.of(value);
        }
        String scheme = value.substring(0, colon);
        if (scheme.equalsIgnoreCase("file")) {
            return Path.of(URI.create(value));
        }
        throw new TypeConversionException(value + ": run directories, checkpoints and reports are local paths (or "
                + "file:) for now; a " + scheme + ": directory is not supported: write locally or to a mounted "
                + "file system");
    }
}
