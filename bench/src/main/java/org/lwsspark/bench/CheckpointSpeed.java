package org.lwsspark.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.lwsspark.common.Json;
import org.lwsspark.model.io.Checkpoint;
import org.lwsspark.model.io.ModelSpec;
import org.lwsspark.model.optim.OptimizerConfig;
import org.lwsspark.model.plan.ModelPlan;
import org.lwsspark.run.checkpoint.CheckpointLayout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checkpoint speed: DL4J's {@code ModelSerializer} zip (the format before issue 15) against {@link Checkpoint}'s
 * raw blocks, on a model given an Adam state by one training step. Writing and reading are separate processes, so
 * that the script can drop the files from the page cache in between (a read right after a write copies memory):
 *
 * <pre>
 * CheckpointSpeed write DIR MODEL REPEATS   DIR/legacy/model.zip once, then REPEATS times: the disk alone (the
 *                                           same number of bytes from memory to a file, forced), and
 *                                           Checkpoint.write to DIR/raw; MODEL: PROFILE@SIZE
 * CheckpointSpeed read DIR all|raw          Checkpoint.read of DIR/raw as found, then again (from the page
 *                                           cache); with all, then DIR/legacy (model.zip, the old format)
 * </pre>
 *
 * Each prints one JSON line. "payload" is the parameters and the optimizer state in memory (12 bytes per parameter
 * with Adam in float32); rates are payload bytes per second. A small checkpoint DIR/warmup is read first, untimed:
 * ND4J's native libraries and DL4J's classes load once per process.
 */
public final class CheckpointSpeed {

    private CheckpointSpeed() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        ObjectNode out = args[0].equals("write")
                ? write(dir, TrainThroughput.model(args[2]), Integer.parseInt(args[3]))
                : read(dir, args[2].equals("all"));
        System.out.println(
                Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
    }

    private static ObjectNode write(Path dir, ModelPlan plan, int repeats) throws Exception {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("phase", "write");
        ModelSpec small =
                ModelSpec.of(TrainThroughput.model("crown-18@tiny"), OptimizerConfig.paper(), 1, DataType.FLOAT);
        Checkpoint.write(dir.resolve("warmup"), small.build(), small);

        long t = System.nanoTime();
        ModelSpec spec = ModelSpec.of(plan, OptimizerConfig.paper(), 1, DataType.FLOAT);
        ComputationGraph net = spec.build();
        out.put("build_s", seconds(t));
        t = System.nanoTime();
        INDArray ids = randomIds(1, 16, plan.size().vocabSize());
        net.fit(new MultiDataSet(ids, ids)); // an Adam state that is not all zeros
        out.put("fit_step_s", seconds(t));
        long payload = payloadBytes(net);
        out.put("params", net.numParams());
        out.put("payload_gb", payload / 1e9);

        Files.createDirectories(dir.resolve("legacy"));
        File zip = dir.resolve("legacy").resolve(CheckpointLayout.LEGACY_MODEL).toFile();
        t = System.nanoTime();
        ModelSerializer.writeModel(net, zip, true);
        out.put("legacy_write_s", seconds(t));
        force(zip.toPath());
        out.put("legacy_write_synced_s", seconds(t));
        out.put("legacy_file_gb", zip.length() / 1e9);

        ArrayNode disk = out.putArray("disk_write_synced_s");
        ArrayNode raw = out.putArray("raw_write_synced_s");
        for (int i = 0; i < repeats; i++) {
            disk.add(diskAlone(dir.resolve("disk.bin"), payload));
            // Checkpoint.write forces every file to the disk before it returns: its figure is the synced one.
            t = System.nanoTime();
            Checkpoint.write(dir.resolve("raw"), net, spec);
            raw.add(seconds(t));
        }
        out.put("raw_dir_gb", size(dir.resolve("raw")) / 1e9);
        // A checkpoint directory of the old format (model.zip has no digests file beside it: read unverified).
        for (String file : new String[] {CheckpointLayout.SPEC, CheckpointLayout.PLAN, CheckpointLayout.PROVENANCE}) {
            Files.copy(dir.resolve("raw").resolve(file), dir.resolve("legacy").resolve(file));
        }
        return out;
    }

    /** Seconds to write {@code bytes} from memory to a new file and force it: what the disk allows right now. */
    private static double diskAlone(Path file, long bytes) throws Exception {
        ByteBuffer block = ByteBuffer.allocateDirect(64 << 20);
        new Random(1).ints(block.capacity() / 4).forEach(block::putInt);
        long t = System.nanoTime();
        try (FileChannel out = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long written = 0; written < bytes; ) {
                block.clear().limit((int) Math.min(block.capacity(), bytes - written));
                written += out.write(block);
            }
            out.force(true);
        }
        double seconds = seconds(t);
        Files.delete(file);
        return seconds;
    }

    private static ObjectNode read(Path dir, boolean legacyToo) throws Exception {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("phase", "read");
        Checkpoint.read(dir.resolve("warmup"));
        Path raw = dir.resolve("raw");
        long t = System.nanoTime();
        Checkpoint.State state = Checkpoint.readState(raw);
        double arrays = seconds(t);
        ComputationGraph net = state.network();
        double total = seconds(t);
        out.put("payload_gb", payloadBytes(net) / 1e9);
        out.put("raw_read_first_s", total);
        out.put("raw_read_first_arrays_s", arrays);
        out.put("raw_read_first_build_s", total - arrays);
        double[] fingerprint = fingerprint(net);
        net = null;
        state = null;
        release();

        t = System.nanoTime();
        net = Checkpoint.read(raw).network();
        out.put("raw_read_cached_s", seconds(t));
        net = null;
        release();
        if (!legacyToo) {
            return out;
        }

        // The old format as Checkpoint reads it now. (DL4J's own ModelSerializer.restoreComputationGraph, which the
        // old Checkpoint.read called, copies each zip entry into a byte[] first: at this size it needs more than
        // the 4 GB heap this benchmark runs in.)
        t = System.nanoTime();
        ComputationGraph legacy = Checkpoint.readState(dir.resolve("legacy")).network();
        out.put("legacy_read_s", seconds(t));
        out.put("same_arrays_as_legacy", Arrays.equals(fingerprint, fingerprint(legacy)));
        return out;
    }

    /**
     * Sums and norms of the parameters and of the optimizer state, to compare networks read one after the other
     * (two at once would not fit beside the other developers' processes).
     */
    private static double[] fingerprint(ComputationGraph net) {
        INDArray p = net.params();
        INDArray s = net.getUpdater().getStateViewArray();
        return new double[] {
            p.sumNumber().doubleValue(),
            p.norm2Number().doubleValue(),
            s.sumNumber().doubleValue(),
            s.norm2Number().doubleValue()
        };
    }

    private static long payloadBytes(ComputationGraph net) {
        INDArray state = net.getUpdater().getStateViewArray();
        return (net.params().length() + state.length())
                * net.params().dataType().width();
    }

    private static void force(Path file) throws Exception {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static long size(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** ND4J's off-heap arrays go when their Java objects are collected: free the last network before the next. */
    private static void release() throws InterruptedException {
        System.gc();
        Thread.sleep(500);
        System.gc();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static INDArray randomIds(int batch, int seqLen, int vocab) {
        Random random = new Random(0);
        double[] ids = new double[batch * seqLen];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(vocab);
        }
        return Nd4j.create(ids, new long[] {batch, seqLen}, DataType.FLOAT);
    }
}
