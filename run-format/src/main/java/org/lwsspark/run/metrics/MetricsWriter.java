package org.lwsspark.run.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Appends metrics rows to {@code RUN/metrics/} as the run goes: every flush writes the rows since the last one as
 * a new small Parquet file, {@code step-FIRST-LAST.parquet}, and never touches an earlier file, so a crash loses
 * at most the rows not yet flushed. A file is written under a hidden name and renamed when complete: readers
 * ({@code read_parquet('RUN/metrics/*.parquet')} in DuckDB, pandas, Spark) never see half a file.
 *
 * <p>The trainer flushes before every checkpoint, so every file holds either only steps up to a checkpoint or only
 * steps after it; resuming from a checkpoint drops the files after it ({@link #discardAfter}) and the steps that are
 * trained again are logged exactly once.
 */
public final class MetricsWriter {

    static final MessageType SCHEMA = Types.buildMessage()
            .optional(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("run_id")
            .optional(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("profile")
            .optional(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("size")
            .optional(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("kind")
            .required(PrimitiveTypeName.INT64)
            .named("step")
            .required(PrimitiveTypeName.INT64)
            .named("tokens_seen")
            .optional(PrimitiveTypeName.DOUBLE)
            .named("train_loss")
            .optional(PrimitiveTypeName.DOUBLE)
            .named("lr")
            .optional(PrimitiveTypeName.DOUBLE)
            .named("grad_norm")
            .optional(PrimitiveTypeName.DOUBLE)
            .named("tokens_per_s")
            .required(PrimitiveTypeName.DOUBLE)
            .named("wall_s")
            .optional(PrimitiveTypeName.DOUBLE)
            .named("val_loss")
            .optional(PrimitiveTypeName.DOUBLE)
            .named("val_ppl")
            .optional(PrimitiveTypeName.INT64)
            .named("val_tokens")
            .named("lws_metrics");

    private static final Pattern FILE = Pattern.compile("step-(\\d+)-(\\d+)(?:-\\d+)?\\.parquet");

    private final Path dir;
    private final Runnable afterFlush;
    private final List<MetricRow> pending = new ArrayList<>();

    public MetricsWriter(Path dir) {
        this(dir, () -> {});
    }

    /** A writer that runs {@code afterFlush} once each new file is complete (to publish it). */
    public MetricsWriter(Path dir, Runnable afterFlush) {
        this.dir = dir;
        this.afterFlush = afterFlush;
    }

    public void add(MetricRow row) {
        pending.add(row);
    }

    public boolean hasPending() {
        return !pending.isEmpty();
    }

    /** Writes the pending rows as one new file (nothing when there are none). */
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        long first = pending.stream().mapToLong(MetricRow::step).min().orElseThrow();
        long last = pending.stream().mapToLong(MetricRow::step).max().orElseThrow();
        try {
            Files.createDirectories(dir);
            String name = String.format("step-%08d-%08d.parquet", first, last);
            for (int n = 1; Files.exists(dir.resolve(name)); n++) {
                name = String.format("step-%08d-%08d-%d.parquet", first, last, n);
            }
            Path staging = dir.resolve("." + name + ".writing");
            write(staging);
            Files.move(staging, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            pending.clear();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics to " + dir + ": " + e.getMessage(), e);
        }
        afterFlush.run();
    }

    private void write(Path file) throws IOException {
        Files.deleteIfExists(file);
        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new NioOutputFile(file))
                .withType(SCHEMA)
                .withConf(new Configuration(false))
                .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            for (MetricRow r : pending) {
                Group g = groups.newGroup();
                g.add("run_id", r.runId());
                g.add("profile", r.profile());
                g.add("size", r.size());
                g.add("kind", r.kind());
                g.add("step", r.step());
                g.add("tokens_seen", r.tokensSeen());
                addIfPresent(g, "train_loss", r.trainLoss());
                addIfPresent(g, "lr", r.lr());
                addIfPresent(g, "grad_norm", r.gradNorm());
                addIfPresent(g, "tokens_per_s", r.tokensPerS());
                g.add("wall_s", r.wallS());
                addIfPresent(g, "val_loss", r.valLoss());
                addIfPresent(g, "val_ppl", r.valPpl());
                if (r.valTokens() != null) {
                    g.add("val_tokens", r.valTokens());
                }
                writer.write(g);
            }
        }
    }

    private static void addIfPresent(Group g, String field, Double value) {
        if (value != null) {
            g.add(field, value);
        }
    }

    /**
     * Removes the files whose rows all come after {@code step} (a resume from the checkpoint at {@code step}; -1:
     * from the start) and any half-written file. Returns the names removed.
     */
    public List<String> discardAfter(long step) {
        List<String> removed = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return removed;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                Matcher m = FILE.matcher(name);
                boolean stale = name.startsWith(".")
                        ? name.endsWith(".writing")
                        : m.matches() && Long.parseLong(m.group(1)) > step;
                if (stale) {
                    Files.delete(f);
                    removed.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + dir + ": " + e.getMessage(), e);
        }
        return removed;
    }
}
