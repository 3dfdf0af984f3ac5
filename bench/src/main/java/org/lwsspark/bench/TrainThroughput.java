package org.lwsspark.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.lwsspark.common.Json;
import org.lwsspark.model.io.HuggingFaceExport;
import org.lwsspark.model.nn.LwsTransformer;
import org.lwsspark.model.optim.GlobalNormClipping;
import org.lwsspark.model.optim.OptimizerConfig;
import org.lwsspark.model.plan.LwsProfile;
import org.lwsspark.model.plan.LwsRules;
import org.lwsspark.model.plan.ModelPlan;
import org.lwsspark.model.plan.ModelSize;
import org.lwsspark.model.plan.Presets;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training throughput of the DL4J transformer in one process: AdamW steps with global gradient clipping on random
 * token ids, warm-up steps untimed. Prints one JSON line; with {@code --export-config FILE} also writes the model's config.json so that
 * the PyTorch reference trains exactly the same widths.
 *
 * <pre>
 * TrainThroughput MODEL SEQ_LEN BATCH STEPS WARMUP GEMM_PEAK_GFLOPS [--export-config FILE]
 * MODEL: bench-256x4 (d 256, 4 layers x 4 heads of 64, FFN 1024, V 8192) or PROFILE@SIZE, e.g. crown-18@tiny
 * </pre>
 */
public final class TrainThroughput {

    private TrainThroughput() {}

    static ModelPlan model(String name) {
        if (name.equals("bench-256x4")) {
            ModelSize size = new ModelSize("bench", 256, 64, 1, 256, 8192, 500000, 1e-6, 0.02);
            return LwsRules.plan(new LwsProfile("bench-256x4", 4, List.of(4.0, 4.0), List.of(1.0, 1.0), false), size);
        }
        String[] parts = name.split("@");
        if (parts.length != 2) {
            throw new IllegalArgumentException("model must be bench-256x4 or PROFILE@SIZE, got " + name);
        }
        return Presets.builtIn().plan(parts[0], parts[1]);
    }

    public static void main(String[] args) throws Exception {
        ModelPlan plan = model(args[0]);
        int seqLen = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);
        double peak = Double.parseDouble(args[5]);
        if (args.length > 7 && args[6].equals("--export-config")) {
            Json.MAPPER.writeValue(Path.of(args[7]).toFile(), HuggingFaceExport.config(plan));
        }

        OptimizerConfig optimizer = OptimizerConfig.paper();
        ComputationGraph net = LwsTransformer.build(plan, optimizer, 1, DataType.FLOAT);
        // The trainer's (and the PyTorch peer's) global gradient clipping.
        net.addListeners(new GlobalNormClipping(optimizer.clipNorm(), null));
        Random random = new Random(0);
        MultiDataSet[] batches = new MultiDataSet[4];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = new MultiDataSet(
                    randomIds(batch, seqLen, plan.size().vocabSize(), random),
                    randomIds(batch, seqLen, plan.size().vocabSize(), random));
        }
        for (int s = 0; s < warmup; s++) {
            net.fit(batches[s % batches.length]);
        }
        double lossFirst = net.score();
        long t0 = System.nanoTime();
        for (int s = 0; s < steps; s++) {
            net.fit(batches[s % batches.length]);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double tokensPerSecond = (double) batch * seqLen * steps / seconds;
        double gflops = tokensPerSecond * plan.trainingFlopsPerToken(seqLen) / 1e9;

        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("framework", "dl4j");
        out.put("model", args[0]);
        out.put("params", net.numParams());
        out.put("seq_len", seqLen);
        out.put("batch", batch);
        out.put("steps", steps);
        out.put("tokens_per_s", tokensPerSecond);
        out.put("step_ms", 1000 * seconds / steps);
        out.put("mflop_per_token", plan.trainingFlopsPerToken(seqLen) / 1e6);
        out.put("gflops", gflops);
        out.put("gemm_peak_share", gflops / peak); // of the measured ND4J GEMM peak, not the hardware's (not MFU)
        out.put("loss_after_warmup", lossFirst);
        out.put("loss_last", net.score());
        out.put("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        System.out.println(
                Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
    }

    private static INDArray randomIds(int batch, int seqLen, int vocab, Random random) {
        double[] ids = new double[batch * seqLen];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(vocab);
        }
        return Nd4j.create(ids, new long[] {batch, seqLen}, DataType.FLOAT);
    }
}
