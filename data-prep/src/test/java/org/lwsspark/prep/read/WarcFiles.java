package org.lwsspark.prep.read;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lwsspark.prep.doc.Doc;

/** Reads a local WARC/WET file record by record, outside Spark, for tests and benchmarks. */
public final class WarcFiles {

    private WarcFiles() {}

    public static List<Doc> read(Path p, long maxRecordBytes) {
        InputKind kind = p.getFileName().toString().contains(".wet") ? InputKind.WET : InputKind.WARC;
        List<Doc> docs = new ArrayList<>();
        try (WarcDocumentReader r = new WarcDocumentReader(
                p.toString(),
                kind,
                off -> {
                    try {
                        InputStream in = Files.newInputStream(p);
                        in.skipNBytes(off);
                        return in;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                maxRecordBytes)) {
            r.forEachRemaining(docs::add);
        }
        return docs;
    }
}
