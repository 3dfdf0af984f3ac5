package org.lwsspark.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.lwsspark.common.Json;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The machine's ceiling for the trainer: ND4J's float32 GEMM at n x n, best of several runs, in GFLOP/s.
 * Threads come from OMP_NUM_THREADS, as for training.
 */
public final class GemmPeak {

    private GemmPeak() {}

    public static double measure(int n, int repeats) {
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        double best = Double.MAX_VALUE;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            c.getDouble(0);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return 2.0 * n * n * n / best / 1e9;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("benchmark", "gemm-peak");
        out.put("n", n);
        out.put("gflops", measure(n, 10));
        out.put("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        System.out.println(Json.MAPPER
                .writer()
                .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(out));
    }
}
