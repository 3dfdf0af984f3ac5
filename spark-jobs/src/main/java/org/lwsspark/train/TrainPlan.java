package org.lwsspark.train;

import org.lwsspark.data.TokenShards;
import org.lwsspark.model.io.ModelSpec;
import org.lwsspark.model.plan.ModelPlan;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A run resolved against its data and its Spark cluster: the model (with the data's vocabulary), the number of
 * workers and their threads, the sequence length and the number of steps.
 *
 * @param workers          data-parallel workers (partitions of each round)
 * @param threadsPerWorker ND4J/OpenBLAS threads of each worker's task
 * @param seqLen           tokens per row (the manifest's seq_len)
 * @param totalSteps       optimizer steps of the whole run
 */
public record TrainPlan(
        TrainConfig config,
        ModelSpec spec,
        TokenShards data,
        int workers,
        int threadsPerWorker,
        int seqLen,
        long totalSteps) {

    /**
     * @param parallelism the tasks Spark runs at once (the workers when {@code config.workers()} is 0)
     * @param localCores  the cores of a {@code local[N]} master, or 0 on a cluster
     * @param taskCpus    {@code spark.task.cpus}
     */
    public static TrainPlan resolve(
            TrainConfig config, TokenShards data, String dataDir, int parallelism, int localCores, int taskCpus) {
        ModelPlan plan = model(config, data, dataDir);

        int workers = config.workers() > 0 ? config.workers() : parallelism;
        int threads = config.threadsPerWorker() > 0
                ? config.threadsPerWorker()
                : localCores > 0 ? Math.max(1, localCores / workers) : taskCpus;
        int seqLen = data.manifest().seqLen();
        long tokensPerStep = (long) workers * config.batchPerWorker() * seqLen;
        long totalSteps =
                config.maxSteps() > 0 ? config.maxSteps() : (config.tokens() + tokensPerStep - 1) / tokensPerStep;

        long trainRows = data.rows("train");
        if (trainRows / workers / config.batchPerWorker() < 1) {
            throw new IllegalArgumentException(dataDir + " has " + trainRows + " training rows: too few for "
                    + workers + " workers x " + config.batchPerWorker() + " rows per step (lws.train.workers, "
                    + "lws.train.batch-per-worker)");
        }
        if (data.rows("val") == 0) {
            throw new IllegalArgumentException(dataDir + " has no validation rows (manifest.json, split val): "
                    + "evaluation needs some; run prep with a val-fraction above 0");
        }
        ModelSpec spec = ModelSpec.of(plan, config.optimizer().resolve(totalSteps), config.seed(), DataType.FLOAT);
        return new TrainPlan(config, spec, data, workers, threads, seqLen, totalSteps);
    }

    /** The model of the run: the configured profile and size, with the data's vocabulary unless one is set. */
    public static ModelPlan model(TrainConfig config, TokenShards data, String dataDir) {
        var tokenizer = data.manifest().tokenizer();
        int vocab = config.vocabSize() > 0 ? config.vocabSize() : tokenizer.paddedVocabSize();
        if (vocab < tokenizer.vocabSize()) {
            throw new IllegalArgumentException("setting lws.train.vocab-size = " + vocab + " is smaller than the "
                    + "vocabulary of " + dataDir + " (tokenizer " + tokenizer.name() + ": " + tokenizer.vocabSize()
                    + " ids): set 0 to take the data's " + tokenizer.paddedVocabSize());
        }
        ModelPlan preset = config.presets().plan(config.profile(), config.size());
        return preset.withSize(preset.size().withVocabSize(vocab));
    }

    /** Tokens of one step: every worker's batch of rows. */
    public long tokensPerStep() {
        return (long) workers * config.batchPerWorker() * seqLen;
    }

    public ModelPlan plan() {
        return spec.plan();
    }
}
