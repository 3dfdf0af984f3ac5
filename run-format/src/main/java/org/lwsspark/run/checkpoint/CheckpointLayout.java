package org.lwsspark.run.checkpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The files of a checkpoint directory. The parameters and the optimizer state are raw little-endian blocks
 * ({@value #PARAMETERS}, {@value #OPTIMIZER}) that {@value #MANIFEST} describes; {@value #CONFIGURATION} is DL4J's
 * graph configuration (it also holds the iteration count); {@value #SPEC} the resolved model spec, {@value #PLAN}
 * the per-layer widths ({@link org.lwsspark.run.PlanJson}), {@value #PROVENANCE} the code that wrote it; a trainer
 * adds files of its own (its state, {@link org.lwsspark.run.TrainerState}); {@value #DIGESTS}, written last, holds
 * the SHA-256 of every other file. A checkpoint of a network that never trained has no {@value #OPTIMIZER}.
 *
 * <p>Checkpoints written before the raw blocks hold {@value #LEGACY_MODEL} (DL4J's {@code ModelSerializer}) instead
 * of the blocks, the manifest and the configuration.
 */
public final class CheckpointLayout {

    public static final String PARAMETERS = "parameters.bin";
    public static final String OPTIMIZER = "optimizer.bin";
    public static final String MANIFEST = "manifest.json";
    public static final String CONFIGURATION = "configuration.json";
    public static final String SPEC = "spec.json";
    public static final String PLAN = "plan.json";
    public static final String PROVENANCE = "provenance.json";
    /** File name to SHA-256 of every other file, written last: what a reader verifies. */
    public static final String DIGESTS = "sha256.json";
    /**
     * The marker of a checkpoint on a Hadoop file system, written after every other file: a checkpoint without it
     * was stopped while it was written and is ignored ({@code org.lwsspark.run.store.RemoteRun}).
     */
    public static final String COMMITTED = "_COMMITTED";
    /** The earlier format's one file for the graph, the parameters and the optimizer state. */
    public static final String LEGACY_MODEL = "model.zip";

    /** The files every checkpoint of the raw-block format holds. */
    public static final List<String> REQUIRED = List.of(MANIFEST, CONFIGURATION, SPEC, PLAN, PROVENANCE, DIGESTS);
    /** The files every checkpoint of the earlier format holds. */
    public static final List<String> LEGACY_REQUIRED = List.of(LEGACY_MODEL, SPEC, PLAN, PROVENANCE);
    /** Names a trainer's own files must not take. */
    public static final Set<String> OWN_FILES =
            Set.of(PARAMETERS, OPTIMIZER, MANIFEST, CONFIGURATION, SPEC, PLAN, PROVENANCE, DIGESTS, LEGACY_MODEL);

    private CheckpointLayout() {}

    /** Whether {@code dir} is a checkpoint of the earlier format ({@value #LEGACY_MODEL}, no manifest). */
    public static boolean isLegacy(Path dir) {
        return !Files.isRegularFile(dir.resolve(MANIFEST)) && Files.isRegularFile(dir.resolve(LEGACY_MODEL));
    }

    /** Refuses, naming the missing file, a directory that lacks one of {@code required}. */
    public static void requireFiles(Path dir, List<String> required) {
        for (String name : required) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                throw new IllegalArgumentException(
                        "not a checkpoint: " + dir + " has no " + name + " (a checkpoint holds " + required + ")");
            }
        }
    }
}
