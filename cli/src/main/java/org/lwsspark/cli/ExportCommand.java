package org.lwsspark.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.lwsspark.model.io.Checkpoint;
import org.lwsspark.model.io.HuggingFaceExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./lws export}: a checkpoint as safetensors + config.json for PyTorch / Hugging Face. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Export a checkpoint to DIR2/model.safetensors (float32, Hugging Face OLMo-2 names, matrices",
            "[out, in]) and DIR2/config.json (model constants and per-layer widths)."
        })
final class ExportCommand implements Callable<Integer> {

    @Mixin
    private CheckpointOption checkpoint;

    @Option(
            converter = LocalPath.class,
            names = "--out",
            required = true,
            paramLabel = "DIR2",
            description = "output directory")
    private Path out;

    @Override
    public Integer call() {
        Checkpoint.Loaded loaded = checkpoint.load();
        HuggingFaceExport.write(loaded.network(), loaded.plan(), out);
        System.err.printf("exported %s to %s%n", checkpoint.dir(), out);
        return ExitCodes.OK;
    }
}
