package org.lwsspark.cli;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A local output directory (a report, an exported model, a new checkpoint of {@code init}, the demo's folder): a
 * local path or a {@code file:} URI. Any other scheme ({@code hdfs://}, {@code s3a://}) is refused by name: read as
 * a path it would silently become a local relative directory ({@code s3a:/bucket/x}). Run directories, checkpoints
 * to read, {@code --runs}, prep's inputs and outputs and train's {@code --data} go through Hadoop's file systems
 * and take every scheme ({@link RunLocationConverter}).
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
        throw new TypeConversionException(value + ": this output is written to a local path (or file:), not to "
                + scheme + ": write it locally, then copy it");
    }
}
