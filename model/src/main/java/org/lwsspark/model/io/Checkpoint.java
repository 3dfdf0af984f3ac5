package org.lwsspark.model.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.lwsspark.common.Json;
import org.lwsspark.common.Provenance;
import org.lwsspark.common.Sha256;
import org.lwsspark.model.plan.ModelPlan;

/**
 * A checkpoint directory: {@code model.zip} (DL4J graph, parameters and optimizer state), {@code spec.json}
 * (the resolved {@link ModelSpec}), {@code plan.json} (per-layer widths, for people and tools) and
 * {@code provenance.json}.
 *
 * <p>Writing is atomic: everything goes to a hidden sibling directory that is renamed into place only when
 * complete, so a crash leaves either the old checkpoint or the new one, never half of one that looks whole.
 */
public final class Checkpoint {

    public static final String MODEL = "model.zip";
    public static final String SPEC = "spec.json";
    public static final String PLAN = "plan.json";
    public static final String PROVENANCE = "provenance.json";
    /** File name to SHA-256 of every other file, written last: what {@link #read} verifies. */
    public static final String DIGESTS = "sha256.json";

    private static final List<String> REQUIRED = List.of(MODEL, SPEC, PLAN, PROVENANCE);

    /** A checkpoint read back. */
    public record Loaded(ComputationGraph network, ModelSpec spec, Provenance provenance) {
        public ModelPlan plan() {
            return spec.plan();
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
        Path absolute = dir.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        Path staging = parent.resolve("." + absolute.getFileName() + ".writing-" + UUID.randomUUID());
        try {
            Files.createDirectories(staging);
            ModelSerializer.writeModel(network, staging.resolve(MODEL).toFile(), true);
            Json.MAPPER.writeValue(staging.resolve(SPEC).toFile(), spec);
            Json.MAPPER.writeValue(staging.resolve(PLAN).toFile(), PlanJson.of(spec.plan()));
            Json.MAPPER.writeValue(staging.resolve(PROVENANCE).toFile(), Provenance.now());
            for (Map.Entry<String, Object> extra : extraJson.entrySet()) {
                if (REQUIRED.contains(extra.getKey())) {
                    throw new IllegalArgumentException(extra.getKey() + " is a checkpoint's own file");
                }
                Json.MAPPER.writeValue(staging.resolve(extra.getKey()).toFile(), extra.getValue());
            }
            Json.MAPPER.writeValue(staging.resolve(DIGESTS).toFile(), FileDigests.of(staging));
            replace(staging, absolute);
        } catch (IOException e) {
            deleteQuietly(staging);
            throw new UncheckedIOException("cannot write checkpoint " + absolute + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(staging);
            throw e;
        }
    }

    public static Loaded read(Path dir) {
        for (String name : REQUIRED) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                throw new IllegalArgumentException(
                        "not a checkpoint: " + dir + " has no " + name + " (a checkpoint holds " + REQUIRED + ")");
            }
        }
        verifyDigests(dir);
        try {
            ModelSpec spec = Json.MAPPER.readValue(dir.resolve(SPEC).toFile(), ModelSpec.class);
            PlanJson stored = Json.MAPPER.readValue(dir.resolve(PLAN).toFile(), PlanJson.class);
            if (!stored.equals(PlanJson.of(spec.plan()))) {
                throw new IllegalStateException(dir.resolve(PLAN) + " does not match the plan its spec.json resolves"
                        + " to with this version of the LWS rules");
            }
            ComputationGraph network =
                    ModelSerializer.restoreComputationGraph(dir.resolve(MODEL).toFile(), true);
            Provenance provenance =
                    Json.MAPPER.readValue(dir.resolve(PROVENANCE).toFile(), Provenance.class);
            return new Loaded(network, spec, provenance);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every file against the digest the checkpoint was written with: a file changed or damaged since is refused by
     * name before anything is deserialized. Checkpoints written before digests existed are read unverified.
     */
    private static void verifyDigests(Path dir) {
        Path file = dir.resolve(DIGESTS);
        if (!Files.isRegularFile(file)) {
            return;
        }
        Map<String, String> recorded;
        try {
            recorded = Json.MAPPER.readValue(file.toFile(), FileDigests.TYPE);
        } catch (IOException e) {
            throw new IllegalStateException(file + " is damaged: " + e.getMessage(), e);
        }
        for (String name : REQUIRED) {
            if (!recorded.containsKey(name)) {
                throw new IllegalStateException(
                        file + " records no digest of " + name + ": the checkpoint was changed");
            }
        }
        recorded.forEach((name, digest) -> {
            String actual = Sha256.hex(dir.resolve(name));
            if (!actual.equals(digest)) {
                throw new IllegalStateException(dir.resolve(name) + " was changed or damaged after the checkpoint was "
                        + "written: its SHA-256 is " + actual + ", " + DIGESTS + " records " + digest);
            }
        });
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

    /** Moves staging to target; an existing target is moved aside first and deleted only after the swap. */
    private static void replace(Path staging, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + ".old-" + UUID.randomUUID());
            move(target, old);
        }
        move(staging, target);
        if (old != null) {
            deleteQuietly(old);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + to + " cannot rename atomically", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover hidden staging directory is never mistaken for a checkpoint
        }
    }
}
