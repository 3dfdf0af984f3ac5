package org.lwsspark.bench;

import java.nio.file.Path;
import org.lwsspark.common.Json;
import org.lwsspark.model.io.HuggingFaceExport;
import org.lwsspark.model.plan.ModelPlan;

/**
 * Writes the config.json of a model, as {@code ./lws export} would, without building the network: the PyTorch
 * peers in {@code bench/reference/} then train exactly the widths the trainer trains. ({@code TrainThroughput
 * --export-config} writes the same file but builds and trains the DL4J network first: several GB at the paper size.)
 *
 * <pre>
 * ExportConfig PROFILE@SIZE VOCAB_SIZE FILE
 * VOCAB_SIZE: the padded vocabulary of the data's manifest (what ./lws train takes), or 0 for the size's own
 * </pre>
 * Prints one JSON line: the model and its parameter count.
 */
public final class ExportConfig {

    private ExportConfig() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ExportConfig PROFILE@SIZE VOCAB_SIZE FILE");
        }
        ModelPlan plan = TrainThroughput.model(args[0]);
        int vocab = Integer.parseInt(args[1]);
        if (vocab > 0) {
            plan = plan.withSize(plan.size().withVocabSize(vocab));
        }
        Json.MAPPER.writeValue(Path.of(args[2]).toFile(), HuggingFaceExport.config(plan));
        System.out.printf(
                "{\"model\": \"%s\", \"vocab_size\": %d, \"params\": %d}%n",
                args[0], plan.size().vocabSize(), plan.totalParams());
    }
}
