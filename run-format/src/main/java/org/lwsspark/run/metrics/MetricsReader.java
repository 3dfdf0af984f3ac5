package org.lwsspark.run.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/**
 * Reads back what {@link MetricsWriter} wrote under {@code RUN/metrics/}: every complete file (hidden, half-written
 * ones are skipped, as the writer's readers are promised), with parquet-hadoop alone, no Spark and no Hadoop file
 * system. Columns are found by name, so a file with the writer's columns in another order reads the same.
 */
public final class MetricsReader {

    private MetricsReader() {}

    /** The rows of every file in {@code dir}, ordered by step, train rows before the eval row of the same step. */
    public static List<MetricRow> read(Path dir) {
        List<MetricRow> rows = new ArrayList<>();
        for (Path file : files(dir)) {
            readFile(file, rows);
        }
        rows.sort(Comparator.comparingLong(MetricRow::step)
                .thenComparing(r -> !r.kind().equals(MetricRow.TRAIN)));
        return rows;
    }

    /** The complete metrics files of {@code dir}, by name (empty when there is no such directory). */
    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> {
                        String name = f.getFileName().toString();
                        return !name.startsWith(".") && name.endsWith(".parquet") && Files.isRegularFile(f);
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void readFile(Path file, List<MetricRow> out) {
        try (ParquetFileReader reader = ParquetFileReader.open(new NioInputFile(file))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = new ColumnIOFactory()
                        .getColumnIO(schema)
                        .getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    out.add(row(records.read()));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(file + ": not a readable metrics file: " + e.getMessage(), e);
        }
    }

    private static MetricRow row(Group g) {
        return new MetricRow(
                string(g, "run_id"),
                string(g, "profile"),
                string(g, "size"),
                string(g, "kind"),
                g.getLong("step", 0),
                g.getLong("tokens_seen", 0),
                real(g, "train_loss"),
                real(g, "lr"),
                real(g, "grad_norm"),
                real(g, "tokens_per_s"),
                g.getDouble("wall_s", 0),
                real(g, "val_loss"),
                real(g, "val_ppl"),
                present(g, "val_tokens") ? g.getLong("val_tokens", 0) : null);
    }

    private static boolean present(Group g, String field) {
        return g.getFieldRepetitionCount(field) > 0;
    }

    private static String string(Group g, String field) {
        return present(g, field) ? g.getString(field, 0) : null;
    }

    private static Double real(Group g, String field) {
        return present(g, field) ? g.getDouble(field, 0) : null;
    }
}
