package org.lwsspark.model.io;

import static org.lwsspark.run.checkpoint.CheckpointLayout.CONFIGURATION;
import static org.lwsspark.run.checkpoint.CheckpointLayout.DIGESTS;
import static org.lwsspark.run.checkpoint.CheckpointLayout.LEGACY_MODEL;
import static org.lwsspark.run.checkpoint.CheckpointLayout.LEGACY_REQUIRED;
import static org.lwsspark.run.checkpoint.CheckpointLayout.MANIFEST;
import static org.lwsspark.run.checkpoint.CheckpointLayout.OPTIMIZER;
import static org.lwsspark.run.checkpoint.CheckpointLayout.PARAMETERS;
import static org.lwsspark.run.checkpoint.CheckpointLayout.PLAN;
import static org.lwsspark.run.checkpoint.CheckpointLayout.PROVENANCE;
import static org.lwsspark.run.checkpoint.CheckpointLayout.SPEC;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.lwsspark.common.Provenance;
import org.lwsspark.model.plan.ModelPlan;
import org.lwsspark.run.PlanJson;
import org.lwsspark.run.checkpoint.BlockManifest;
import org.lwsspark.run.checkpoint.CheckpointFiles;
import org.lwsspark.run.checkpoint.CheckpointLayout;
import org.lwsspark.run.checkpoint.FileDigests;
import org.lwsspark.run.checkpoint.StagedDirectory;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J networks in and out of a checkpoint directory in {@link CheckpointLayout}'s layout: the parameters and the
 * optimizer (updater) state as raw blocks, DL4J's graph configuration, the resolved {@link ModelSpec}, the plan, the
 * provenance, any extra JSON files, and the digests of all of them, written last. Checkpoints of the earlier
 * {@code model.zip} format still read ({@link LegacyZip}).
 *
 * <p>Writing is atomic and durable ({@link StagedDirectory}). The blocks go from the arrays' memory to the file, and
 * back, in one pass that also computes their digest ({@link RawBlock}); reading builds the network around the arrays
 * read, without initialising it first.
 */
public final class Checkpoint {

    /** A checkpoint read back. */
    public record Loaded(ComputationGraph network, ModelSpec spec, Provenance provenance) {
        public ModelPlan plan() {
            return spec.plan();
        }
    }

    /**
     * What a checkpoint holds of a network, without the network: DL4J's configuration JSON, the flat parameter
     * vector ({@code [1, n]}) and the flat optimizer state ({@code [m]}, or null when the network had none).
     */
    public record State(String configuration, INDArray parameters, INDArray optimizer) {

        /**
         * The network, built around these arrays: they become its memory (no copy, so call this once), and its
         * parameters are never randomly initialised (DL4J's {@code init(parameters, false)} tells every parameter
         * initializer not to draw, as {@code ModelSerializer.restoreComputationGraph} does).
         */
        public ComputationGraph network() {
            ComputationGraph network = new ComputationGraph(ComputationGraphConfiguration.fromJson(configuration));
            network.init(parameters.rank() == 2 ? parameters : parameters.reshape(1, parameters.length()), false);
            if (optimizer != null) {
                // The updater takes the array as its state view as it is (DL4J's restore allocates a zeroed one
                // and copies into it: 1.46 GB more at the paper's size).
                ComputationGraphUpdater updater =
                        new ComputationGraphUpdater(network, optimizer.reshape(optimizer.length()));
                List<UpdaterBlock> blocks = updater.getUpdaterBlocks();
                long expected =
                        blocks.isEmpty() ? 0 : blocks.get(blocks.size() - 1).getUpdaterViewOffsetEnd();
                if (expected != optimizer.length()) {
                    throw new IllegalStateException("the optimizer state holds " + optimizer.length()
                            + " values, the network's updater needs " + expected);
                }
                network.setUpdater(updater);
            }
            return network;
        }
    }

    private Checkpoint() {}

    public static void write(Path dir, ComputationGraph network, ModelSpec spec) {
        write(dir, network, spec, Map.of());
    }

    /**
     * A checkpoint with more JSON files in it (file name to object), written in the same atomic step: a trainer
     * keeps its own state (step, data position) beside the model it belongs to.
     */
    public static void write(Path dir, ComputationGraph network, ModelSpec spec, Map<String, Object> extraJson) {
        for (String name : extraJson.keySet()) {
            if (CheckpointLayout.OWN_FILES.contains(name)) {
                throw new IllegalArgumentException(name + " is a checkpoint's own file");
            }
        }
        try (StagedDirectory staged = StagedDirectory.beside(dir)) {
            List<BlockManifest.Block> blocks = new ArrayList<>();
            blocks.add(RawBlock.write(staged.resolve(PARAMETERS), "parameters", network.params()));
            // getUpdater(false): a network that never trained has no updater yet; creating one here would write
            // zeros (12 bytes per parameter with the parameters) that reading recreates anyway.
            ComputationGraphUpdater updater = network.getUpdater(false);
            if (updater != null && updater.getStateViewArray() != null) {
                blocks.add(RawBlock.write(staged.resolve(OPTIMIZER), "optimizer", updater.getStateViewArray()));
            }
            staged.writeBytes(CONFIGURATION, network.getConfiguration().toJson().getBytes(StandardCharsets.UTF_8));
            staged.writeJson(
                    MANIFEST, new BlockManifest(BlockManifest.FORMAT, BlockManifest.VERSION, CONFIGURATION, blocks));
            staged.writeJson(SPEC, spec);
            staged.writeJson(PLAN, spec.plan().json());
            staged.writeJson(PROVENANCE, Provenance.now());
            for (Map.Entry<String, Object> extra : extraJson.entrySet()) {
                staged.writeJson(extra.getKey(), extra.getValue());
            }
            Map<String, String> known = new HashMap<>();
            blocks.forEach(b -> known.put(b.file(), b.sha256()));
            staged.writeJson(DIGESTS, FileDigests.of(staged.dir(), known));
            staged.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The network, its spec and its provenance, every file checked against its recorded digest. */
    public static Loaded read(Path dir) {
        State state = readState(dir);
        ModelSpec spec = CheckpointFiles.readJson(dir, SPEC, ModelSpec.class);
        PlanJson stored = CheckpointFiles.readJson(dir, PLAN, PlanJson.class);
        if (!stored.equals(spec.plan().json())) {
            throw new IllegalStateException(dir.resolve(PLAN) + " does not match the plan its spec.json resolves"
                    + " to with this version of the LWS rules");
        }
        Provenance provenance = CheckpointFiles.readJson(dir, PROVENANCE, Provenance.class);
        return new Loaded(state.network(), spec, provenance);
    }

    /**
     * The arrays and the configuration, without building the network, from either format. Every file is checked
     * against its recorded digest first (the blocks while they are read); a file changed or damaged since the
     * checkpoint was written is refused by name. Checkpoints of the zip format written before digests existed are
     * read unverified.
     */
    public static State readState(Path dir) {
        try {
            if (CheckpointLayout.isLegacy(dir)) {
                CheckpointLayout.requireFiles(dir, LEGACY_REQUIRED);
                if (Files.isRegularFile(dir.resolve(DIGESTS))) {
                    FileDigests.verify(dir, FileDigests.recorded(dir, DIGESTS), LEGACY_REQUIRED, Set.of());
                }
                return LegacyZip.read(dir.resolve(LEGACY_MODEL));
            }
            CheckpointFiles files = CheckpointFiles.open(dir);
            BlockManifest.Block parameters = files.parameters();
            INDArray params = RawBlock.read(files.fileOf(parameters), parameters, new long[] {1, parameters.length()});
            INDArray state = null;
            Optional<BlockManifest.Block> optimizer = files.block("optimizer");
            if (optimizer.isPresent()) {
                BlockManifest.Block block = optimizer.get();
                state = RawBlock.read(files.fileOf(block), block, new long[] {block.length()});
            }
            return new State(files.configuration(), params, state);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }
}
