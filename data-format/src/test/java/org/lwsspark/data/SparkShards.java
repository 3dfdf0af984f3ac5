package org.lwsspark.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Shard files written by Spark the way data-prep's packing writes them (a non-null array of non-null int, no
 * dictionary, zstd), and read back by Spark: the independent side the reader is checked against.
 */
public final class SparkShards {
    /** data-prep's row schema (PrepPipeline.ROW_SCHEMA), repeated here since data-format cannot see data-prep. */
    public static final StructType ROW_SCHEMA =
            new StructType().add("input_ids", DataTypes.createArrayType(DataTypes.IntegerType, false), false);

    private SparkShards() {}

    public static SparkSession session() {
        return SparkSession.builder()
                .master("local[2]")
                .appName("data-format-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
    }

    /** Writes {@code rows} as one Parquet file under {@code dir}; {@code options} go to parquet-mr. Returns it. */
    public static Path write(SparkSession spark, List<int[]> rows, Path dir, Map<String, String> options) {
        List<Row> r = rows.stream().map(ids -> RowFactory.create((Object) ids)).toList();
        spark.createDataFrame(r, ROW_SCHEMA)
                .coalesce(1)
                .write()
                .option("compression", "zstd")
                .option("parquet.enable.dictionary", "false")
                .options(options)
                .parquet(dir.toString());
        return partFile(dir);
    }

    /** The one part file Spark wrote into {@code dir}. */
    public static Path partFile(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .findFirst()
                    .orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every row of a Parquet file as Spark reads it, in file order. */
    public static List<int[]> read(SparkSession spark, Path file) {
        return spark.read().parquet(file.toString()).collectAsList().stream()
                .map(row -> row.<Integer>getList(0).stream()
                        .mapToInt(Integer::intValue)
                        .toArray())
                .toList();
    }
}
