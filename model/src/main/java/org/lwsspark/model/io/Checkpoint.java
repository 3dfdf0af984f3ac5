package org.lwsspark.model.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.lwsspark.common.Json;
import org.lwsspark.common.Provenance;
import org.lwsspark.model.plan.ModelPlan;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A checkpoint directory: the parameters and the optimizer (updater) state as raw little-endian blocks
 * ({@code parameters.bin}, {@code optimizer.bin}, described by {@code manifest.json}, see {@link BlockManifest}),
 * DL4J's graph configuration ({@code configuration.json}, which also holds the iteration count), {@code spec.json}
 * (the resolved {@link ModelSpec}), {@code plan.json} (per-layer widths, for people and tools),
 * {@code provenance.json}, any extra JSON files, and {@code sha256.json} (the digest of every other file, written
 * last). A checkpoint of a network that never trained has no {@code optimizer.bin}: its optimizer starts at zero.
 *
 * <p>Checkpoints written before the raw blocks hold {@code model.zip} (DL4J's {@code ModelSerializer}) instead of
 * the blocks, the manifest and the configuration; {@link #read} tells the two apart and reads both.
 *
 * <p>Writing is atomic and durable (see {@link StagedDirectory}). The blocks go from the arrays' memory to the
 * file, and back, in one pass that also computes their digest (see {@link RawBlock}); reading builds the network
 * around the arrays read, without initialising it first.
 */
public final class Checkpoint {

    public static final String PARAMETERS = "parameters.bin";
    public static final String OPTIMIZER = "optimizer.bin";
    public static final String MANIFEST = "manifest.json";
    public static final String CONFIGURATION = "configuration.json";
    public static final String SPEC = "spec.json";
    public static final String PLAN = "plan.json";
    public static final String PROVENANCE = "provenance.json";
    /** File name to SHA-256 of every other file, written last: what {@link #read} verifies. */
    public static final String DIGESTS = "sha256.json";
    /** The earlier format's one file for the graph, the parameters and the optimizer state. */
    public static final String LEGACY_MODEL = "model.zip";

    private static final List<String> REQUIRED = List.of(MANIFEST, CONFIGURATION, SPEC, PLAN, PROVENANCE, DIGESTS);
    private static final List<String> LEGACY_REQUIRED = List.of(LEGACY_MODEL, SPEC, PLAN, PROVENANCE);
    private static final Set<String> OWN_FILES =
            Set.of(PARAMETERS, OPTIMIZER, MANIFEST, CONFIGURATION, SPEC, PLAN, PROVENANCE, DIGESTS, LEGACY_MODEL);

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
            if (OWN_FILES.contains(name)) {
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
            staged.writeJson(PLAN, PlanJson.of(spec.plan()));
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
        try {
            ModelSpec spec = Json.MAPPER.readValue(dir.resolve(SPEC).toFile(), ModelSpec.class);
            PlanJson stored = Json.MAPPER.readValue(dir.resolve(PLAN).toFile(), PlanJson.class);
            if (!stored.equals(PlanJson.of(spec.plan()))) {
                throw new IllegalStateException(dir.resolve(PLAN) + " does not match the plan its spec.json resolves"
                        + " to with this version of the LWS rules");
            }
            Provenance provenance =
                    Json.MAPPER.readValue(dir.resolve(PROVENANCE).toFile(), Provenance.class);
            return new Loaded(state.network(), spec, provenance);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The arrays and the configuration, without building the network, from either format. Every file is checked
     * against its recorded digest first (the blocks while they are read); a file changed or damaged since the
     * checkpoint was written is refused by name. Checkpoints of the zip format written before digests existed are
     * read unverified.
     */
    public static State readState(Path dir) {
        try {
            if (!Files.isRegularFile(dir.resolve(MANIFEST)) && Files.isRegularFile(dir.resolve(LEGACY_MODEL))) {
                requireFiles(dir, LEGACY_REQUIRED);
                if (Files.isRegularFile(dir.resolve(DIGESTS))) {
                    FileDigests.verify(dir, FileDigests.recorded(dir, DIGESTS), LEGACY_REQUIRED, Set.of());
                }
                return LegacyZip.read(dir.resolve(LEGACY_MODEL));
            }
            requireFiles(dir, REQUIRED);
            Map<String, String> recorded = FileDigests.recorded(dir, DIGESTS);
            List<String> small =
                    REQUIRED.stream().filter(n -> !n.equals(DIGESTS)).toList();
            FileDigests.verify(dir, recorded, small, Set.of(PARAMETERS, OPTIMIZER));
            BlockManifest manifest = Json.MAPPER.readValue(dir.resolve(MANIFEST).toFile(), BlockManifest.class);
            if (!BlockManifest.FORMAT.equals(manifest.format()) || manifest.version() != BlockManifest.VERSION) {
                throw new IllegalStateException(dir.resolve(MANIFEST) + " describes " + manifest.format() + " version "
                        + manifest.version() + "; this version reads " + BlockManifest.FORMAT + " version "
                        + BlockManifest.VERSION);
            }
            BlockManifest.Block parameters = manifest.block("parameters")
                    .orElseThrow(() -> new IllegalStateException(dir.resolve(MANIFEST) + " lists no parameters"));
            String configuration = Files.readString(dir.resolve(manifest.configuration()));
            INDArray params = block(dir, parameters, recorded, new long[] {1, parameters.length()});
            INDArray optimizer = manifest.block("optimizer").isEmpty()
                    ? null
                    : block(dir, manifest.block("optimizer").get(), recorded, null);
            return new State(configuration, params, optimizer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    private static INDArray block(Path dir, BlockManifest.Block block, Map<String, String> recorded, long[] shape)
            throws IOException {
        Path file = dir.resolve(block.file());
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "not a checkpoint: " + dir + " has no " + block.file() + " (its " + MANIFEST + " lists it)");
        }
        if (!recorded.containsKey(block.file())) {
            throw new IllegalStateException(
                    dir.resolve(DIGESTS) + " records no digest of " + block.file() + ": the checkpoint was changed");
        }
        if (!block.sha256().equals(recorded.get(block.file()))) {
            throw FileDigests.damaged(
                    file,
                    MANIFEST + " records SHA-256 " + block.sha256() + ", " + DIGESTS + " records "
                            + recorded.get(block.file()));
        }
        return RawBlock.read(file, block, shape == null ? new long[] {block.length()} : shape);
    }

    private static void requireFiles(Path dir, List<String> required) {
        for (String name : required) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                throw new IllegalArgumentException(
                        "not a checkpoint: " + dir + " has no " + name + " (a checkpoint holds " + required + ")");
            }
        }
    }

    /** One of the extra JSON files a checkpoint was written with. */
    public static <T> T readJson(Path dir, String name, Class<T> type) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("checkpoint " + dir + " has no " + name);
        }
        try {
            return Json.MAPPER.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
