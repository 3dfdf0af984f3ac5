package org.lwsspark.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.lwsspark.common.Json;
import org.lwsspark.model.nn.LwsTransformer;
import org.lwsspark.model.optim.GlobalNormClipping;
import org.lwsspark.model.optim.OptimizerConfig;
import org.lwsspark.model.plan.ModelPlan;
import org.lwsspark.train.SparkSettings;
import org.lwsspark.train.averaging.AveragedState;
import org.lwsspark.train.resources.ActivationMemory;
import org.lwsspark.train.resources.MemoryPeaks;
import org.lwsspark.train.resources.ResourcePlan;
import org.lwsspark.train.resources.WorkerMemory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks {@link ResourcePlan} against what a JVM really uses. Prints one JSON line.
 *
 * <pre>
 * ResourcePlanBench worker MODEL SEQ_LEN BATCH STEPS [VOCAB]
 *     one worker's network trained in this process (no Spark) as the trainer trains it (AdamW, global clipping),
 *     its off-heap peak (MemoryPeaks, every 100 ms, over the training steps) above the process's before the
 *     network was built, against the plan's estimate; MODEL is PROFILE@SIZE (or bench-256x4)
 * ResourcePlanBench driver-base
 *     the heap of a local[2] driver with the trainer's Spark settings, a tiny network built and a few jobs run,
 *     nothing in flight: the plan's driver heap base; and the time of a job of two empty tasks
 * </pre>
 *
 * Run it with {@code -Xms} = {@code -Xmx} and {@code -XX:+AlwaysPreTouch} (bench/resource-plan does): the heap is
 * then resident from the start, and the growth of the process's resident memory is the off-heap.
 */
public final class ResourcePlanBench {

    private ResourcePlanBench() {}

    public static void main(String[] args) throws Exception {
        ObjectNode out = switch (args[0]) {
            case "worker" -> worker(args);
            case "driver-base" -> driverBase();
            default -> throw new IllegalArgumentException("mode must be worker or driver-base, got " + args[0]);
        };
        System.out.println(
                Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
    }

    private static ObjectNode worker(String[] args) throws InterruptedException {
        ModelPlan plan = TrainThroughput.model(args[1]);
        int seqLen = Integer.parseInt(args[2]);
        int batch = Integer.parseInt(args[3]);
        int steps = Integer.parseInt(args[4]);
        if (args.length > 5) {
            plan = plan.withSize(plan.size().withVocabSize(Integer.parseInt(args[5])));
        }
        // ND4J and OpenBLAS loaded and their threads started before the baseline
        Nd4j.gemm(Nd4j.rand(DataType.FLOAT, 256, 256), Nd4j.rand(DataType.FLOAT, 256, 256), false, false);
        MemoryPeaks.Sample baseline = settledSample();

        OptimizerConfig optimizer = OptimizerConfig.paper();
        ComputationGraph net = LwsTransformer.build(plan, optimizer, 1, DataType.FLOAT);
        net.addListeners(new GlobalNormClipping(optimizer.clipNorm(), null));
        Random random = new Random(0);
        MultiDataSet batchData = new MultiDataSet(
                randomIds(batch, seqLen, plan.size().vocabSize(), random),
                randomIds(batch, seqLen, plan.size().vocabSize(), random));
        // The initialiser's temporaries are garbage now; ND4J frees them when the GC collects their arrays.
        MemoryPeaks.Sample built = settledSample();

        MemoryPeaks peaks = MemoryPeaks.start();
        List<Double> stepMs = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            long t0 = System.nanoTime();
            net.fit(batchData);
            stepMs.add((System.nanoTime() - t0) / 1e6);
        }
        MemoryPeaks.Sample peak = peaks.stop();
        MemoryPeaks.Sample end = settledSample();

        WorkerMemory estimate =
                ResourcePlan.of(plan, seqLen, batch, 1, 0, AveragedState.ALL).worker();
        ActivationMemory a = estimate.activations();
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("mode", "worker");
        o.put("model", args[1]);
        o.put("params", plan.totalParams());
        o.put("vocab", plan.size().vocabSize());
        o.put("seq_len", seqLen);
        o.put("batch", batch);
        o.put("steps", steps);
        o.put("first_step_ms", stepMs.get(0));
        o.put("median_step_ms", median(stepMs.subList(Math.min(1, steps - 1), steps)));
        o.put("malloc_mmap_threshold", System.getenv().getOrDefault("MALLOC_MMAP_THRESHOLD_", "glibc default"));
        ObjectNode est = o.putObject("estimate");
        est.put("parameters", estimate.parameters());
        est.put("gradients", estimate.gradients());
        est.put("adam_state", estimate.adamState());
        est.put("activations", a.retained());
        est.put("attention_probs", a.attentionProbs());
        est.put("working_memory", a.working());
        est.put("activation_gradients", a.activationGradients());
        est.put("tables_and_tokens", a.tables() + a.tokens());
        est.put("off_heap", estimate.offHeap());
        ObjectNode ws = o.putObject("workspaces");
        for (MemoryWorkspace w : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) {
            ws.put(w.getId(), w.getCurrentSize());
        }
        ObjectNode measured = o.putObject("measured");
        measured.put("baseline_rss", baseline.rss());
        measured.put("network_built_off_heap", built.offHeap() - baseline.offHeap());
        measured.put("peak_rss", peak.rss());
        measured.put("peak_heap_used", peak.heapUsed());
        measured.put("peak_off_heap", peak.offHeap() - baseline.offHeap());
        measured.put("end_off_heap", end.offHeap() - baseline.offHeap());
        o.put("measured_over_estimate", (double) (peak.offHeap() - baseline.offHeap()) / estimate.offHeap());
        return o;
    }

    private static ObjectNode driverBase() throws InterruptedException {
        MemoryPeaks peaks = MemoryPeaks.start();
        SparkConf conf = SparkSettings.forTraining("resource-plan driver base", "local[2]");
        List<Double> jobMs = new ArrayList<>();
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            ComputationGraph net = LwsTransformer.build(
                    TrainThroughput.model("crown-18@tiny"), OptimizerConfig.paper(), 1, DataType.FLOAT);
            Broadcast<float[]> params = sc.broadcast(net.params().toFloatVector());
            List<Integer> numbers = IntStream.range(0, 1_000).boxed().toList();
            for (int i = 0; i < 10; i++) {
                long t0 = System.nanoTime();
                sc.parallelize(numbers, 2).map(x -> x + params.value().length).count();
                jobMs.add((System.nanoTime() - t0) / 1e6);
            }
            params.destroy();
            MemoryPeaks.Sample settled = settledSample();
            MemoryPeaks.Sample peak = peaks.stop();
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("mode", "driver-base");
            o.put("spark_version", sc.version());
            o.put("heap_live_after_gc", settled.heapUsed());
            o.put("peak_heap_used", peak.heapUsed());
            o.put("peak_off_heap", peak.offHeap());
            o.put("first_job_ms", jobMs.get(0));
            o.put("median_job_ms", median(jobMs.subList(1, jobMs.size())));
            return o;
        }
    }

    /** A sample after two full collections: garbage gone, and the native memory of collected arrays freed. */
    private static MemoryPeaks.Sample settledSample() throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            System.gc();
            Thread.sleep(500);
        }
        return MemoryPeaks.Sample.now();
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static INDArray randomIds(int batch, int seqLen, int vocab, Random random) {
        double[] ids = new double[batch * seqLen];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(vocab);
        }
        return Nd4j.create(ids, new long[] {batch, seqLen}, DataType.FLOAT);
    }
}
