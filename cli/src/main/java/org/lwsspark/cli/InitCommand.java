package org.lwsspark.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.lwsspark.model.io.Checkpoint;
import org.lwsspark.model.io.ModelSpec;
import org.lwsspark.model.optim.OptimizerConfig;
import org.lwsspark.model.plan.BudgetSolver;
import org.lwsspark.model.plan.ModelPlan;
import org.lwsspark.model.plan.Presets;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./lws init}: a checkpoint of a freshly initialised model. */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        description = {
            "Write a checkpoint of a freshly initialised model.",
            "Example: ./lws init --profile crown-18 --size tiny --seed 1 --out runs/crown-tiny/init"
        })
final class InitCommand implements Callable<Integer> {

    @Option(names = "--profile", required = true, description = "a preset of conf/lws-models.conf")
    private String profile;

    @Option(names = "--size", defaultValue = "tiny", description = "size preset (default: ${DEFAULT-VALUE})")
    private String size;

    @Option(names = "--seed", defaultValue = "0", description = "initialisation seed (default: ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--vocab-size", description = "override the size's vocabulary (e.g. from a data manifest)")
    private Integer vocabSize;

    @Option(
            converter = LocalPath.class,
            names = "--out",
            required = true,
            description = "checkpoint directory (replaced atomically if it exists)")
    private Path out;

    @Override
    public Integer call() {
        Presets presets = Presets.builtIn();
        ModelPlan plan = presets.plan(profile, size);
        if (vocabSize != null) {
            plan = plan.withSize(plan.size().withVocabSize(vocabSize));
        }
        ModelSpec spec = ModelSpec.of(plan, OptimizerConfig.paper(), seed, DataType.FLOAT);
        ComputationGraph network = spec.build();
        Checkpoint.write(out, network, spec);
        System.err.printf(
                "wrote %s: %s at size %s, %s parameters, seed %d%n",
                out, profile, size, BudgetSolver.human(network.numParams()), seed);
        return ExitCodes.OK;
    }
}
