package org.lwsspark.cli;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.lwsspark.data.tokenize.ByteTokenizer;
import org.lwsspark.data.tokenize.Tokenizer;
import org.lwsspark.model.io.Checkpoint;
import org.lwsspark.model.io.HuggingFaceExport;
import org.lwsspark.model.io.ModelSpec;
import org.lwsspark.model.io.NextTokenEval;
import org.lwsspark.model.optim.GlobalNormClipping;
import org.lwsspark.model.optim.OptimizerConfig;
import org.lwsspark.model.plan.BudgetSolver;
import org.lwsspark.model.plan.ModelPlan;
import org.lwsspark.model.plan.Presets;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code ./lws demo}: the foundation end to end in one process, on a corpus the project makes from its own
 * text (Markdown, HOCON and Java sources, byte-level): init a tiny LWS model, train it for a few minutes,
 * evaluate on held-out text, checkpoint and export. The Spark trainer supersedes the training loop here.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Train a tiny LWS model for a few minutes on the project's own text (single process, CPU),",
                "evaluate it on held-out text, and write a checkpoint and a safetensors export."})
final class DemoCommand implements Callable<Integer> {

    private static final double VALIDATION_FRACTION = 0.05;
    private static final int VALIDATION_WINDOWS = 16;

    @Option(names = "--profile", defaultValue = "crown-18", description = "LWS profile (default: ${DEFAULT-VALUE})")
    private String profile;

    @Option(names = "--size", defaultValue = "tiny", description = "size preset (default: ${DEFAULT-VALUE})")
    private String size;

    @Option(names = "--minutes", defaultValue = "3", description = "training time budget (default: ${DEFAULT-VALUE})")
    private double minutes;

    @Option(names = "--max-steps", defaultValue = "100000", description = "stop after this many steps")
    private int maxSteps;

    @Option(names = "--seq-len", defaultValue = "128", description = "tokens per sequence (default: ${DEFAULT-VALUE})")
    private int seqLen;

    @Option(names = "--batch", defaultValue = "16", description = "sequences per step (default: ${DEFAULT-VALUE})")
    private int batch;

    @Option(names = "--lr", defaultValue = "2e-3", description = "learning rate (default: ${DEFAULT-VALUE}; tiny models take more than the paper's 6e-4)")
    private double learningRate;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the init and of the batches")
    private long seed;

    @Option(names = "--corpus", description = "directory whose *.md, *.conf and *.java files make the corpus (default: the project)")
    private Path corpus;

    @Option(names = "--out", defaultValue = "runs/demo", description = "output directory (default: ${DEFAULT-VALUE})")
    private Path out;

    @Override
    public Integer call() throws IOException {
        Path root = corpus != null ? corpus : Path.of(System.getProperty("lws.root", "."));
        ModelPlan plan = Presets.builtIn().plan(profile, size);
        Tokenizer tokenizer = new ByteTokenizer(64);
        if (tokenizer.info().paddedVocabSize() > plan.size().vocabSize()) {
            throw new IllegalArgumentException("size '" + size + "' has a vocabulary of " + plan.size().vocabSize()
                    + ", the byte-level corpus needs " + tokenizer.info().paddedVocabSize());
        }
        int[] tokens = corpusTokens(root, tokenizer);
        int split = (int) (tokens.length * (1 - VALIDATION_FRACTION));
        System.err.printf("demo: corpus %s: %,d byte tokens (%,d train, %,d validation)%n", root, tokens.length, split,
                tokens.length - split);
        if (split < 10 * (seqLen + 1)) {
            throw new IllegalArgumentException("corpus " + root + " is too small: " + tokens.length + " tokens");
        }

        ModelSpec spec = ModelSpec.of(plan, OptimizerConfig.paper().withLearningRate(learningRate), seed, DataType.FLOAT);
        ComputationGraph net = spec.build();
        net.addListeners(new GlobalNormClipping(spec.optimizer().clipNorm(), null));
        System.err.printf("demo: %s at size %s, %s parameters, %d layers; %d x %d tokens per step%n", profile, size,
                BudgetSolver.human(net.numParams()), plan.depth(), batch, seqLen);
        List<int[]> validation = windows(tokens, split, tokens.length, VALIDATION_WINDOWS);
        double initialLoss = NextTokenEval.evaluate(net, validation).loss();
        System.err.printf("demo: validation loss before training %.4f (ln V = %.4f)%n", initialLoss,
                Math.log(plan.size().vocabSize()));

        Random random = new Random(seed);
        long budgetNanos = (long) (minutes * 60e9);
        long start = System.nanoTime();
        int step = 0;
        while (step < maxSteps && System.nanoTime() - start < budgetNanos) {
            net.fit(randomBatch(tokens, split, random));
            step++;
            if (step % 10 == 0) {
                double elapsed = (System.nanoTime() - start) / 1e9;
                System.err.printf("demo: step %5d  loss %.4f  %,.0f tokens/s  %.0f s left%n", step, net.score(),
                        step * (double) batch * seqLen / elapsed, Math.max(0, minutes * 60 - elapsed));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double finalLoss = NextTokenEval.evaluate(net, validation).loss();

        Checkpoint.write(out.resolve("checkpoint"), net, spec);
        HuggingFaceExport.write(net, plan, out.resolve("export"));
        System.out.printf("steps %d in %.0f s (%,.0f tokens/s); validation loss %.4f -> %.4f (ppl %.2f -> %.2f)%n",
                step, seconds, step * (double) batch * seqLen / seconds, initialLoss, finalLoss, Math.exp(initialLoss),
                Math.exp(finalLoss));
        System.out.printf("checkpoint %s, export %s%n", out.resolve("checkpoint"), out.resolve("export"));
        return 0;
    }

    /** The corpus files in a fixed order, each encoded and followed by EOS. */
    private static int[] corpusTokens(Path root, Tokenizer tokenizer) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().matches(".*\\.(md|conf|java)$"))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/."))
                    .sorted().toList();
        }
        List<int[]> docs = new ArrayList<>();
        int total = 0;
        for (Path file : files) {
            int[] ids = tokenizer.encode(Files.readString(file, StandardCharsets.UTF_8));
            docs.add(ids);
            total += ids.length + 1;
        }
        int[] out = new int[total];
        int at = 0;
        for (int[] doc : docs) {
            System.arraycopy(doc, 0, out, at, doc.length);
            at += doc.length;
            out[at++] = tokenizer.info().eosId();
        }
        return out;
    }

    /** Evenly spaced windows of seqLen + 1 tokens from [from, to). */
    private List<int[]> windows(int[] tokens, int from, int to, int count) {
        List<int[]> out = new ArrayList<>();
        int stride = Math.max(1, (to - from - seqLen - 1) / count);
        for (int start = from; start + seqLen + 1 <= to && out.size() < count; start += stride) {
            int[] window = new int[seqLen + 1];
            System.arraycopy(tokens, start, window, 0, seqLen + 1);
            out.add(window);
        }
        return out;
    }

    private MultiDataSet randomBatch(int[] tokens, int limit, Random random) {
        double[] inputs = new double[batch * seqLen];
        double[] targets = new double[batch * seqLen];
        for (int b = 0; b < batch; b++) {
            int start = random.nextInt(limit - seqLen - 1);
            for (int t = 0; t < seqLen; t++) {
                inputs[b * seqLen + t] = tokens[start + t];
                targets[b * seqLen + t] = tokens[start + t + 1];
            }
        }
        long[] shape = {batch, seqLen};
        return new MultiDataSet(Nd4j.create(inputs, shape, DataType.FLOAT), Nd4j.create(targets, shape, DataType.FLOAT));
    }
}
