package org.lwsspark.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.lwsspark.common.Json;
import org.lwsspark.run.metrics.MetricRow;
import org.lwsspark.run.metrics.MetricsReader;

/**
 * Prints the training rows of a run's {@code RUN/metrics/} as JSON lines, for scripts without a Parquet reader.
 * The console prints tokens/s rounded to a whole number, which at the paper size (a few tokens/s in a round of
 * one step) is a 10% error; the Parquet rows hold the doubles.
 *
 * <pre>
 * MetricsDump RUN_DIR
 * </pre>
 * One line per train row, by step: {@code step}, {@code tokens_seen}, {@code tokens_per_s} (of the round the step
 * ended in: rounds are timed whole, so every logged step of a round carries the round's figure) and {@code wall_s}
 * (the run's training wall time at the end of that round: equal for the steps of one round).
 */
public final class MetricsDump {

    private MetricsDump() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: MetricsDump RUN_DIR");
        }
        for (MetricRow row : MetricsReader.read(Path.of(args[0], "metrics"))) {
            if (!row.kind().equals(MetricRow.TRAIN)) {
                continue;
            }
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.put("step", row.step());
            out.put("tokens_seen", row.tokensSeen());
            out.put("tokens_per_s", row.tokensPerS());
            out.put("wall_s", row.wallS());
            out.put("train_loss", row.trainLoss());
            System.out.println(Json.MAPPER
                    .writer()
                    .without(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(out));
        }
    }
}
