package org.lwsspark.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lwsspark.common.Json;
import org.lwsspark.model.nn.RoundingBounds;
import org.lwsspark.model.optim.OptimizerConfig;
import org.lwsspark.model.plan.Presets;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The exported model run through the independent float64 numpy implementation of the spec
 * ({@code bench/reference/lws_numpy.py}) gives the same per-token losses as the DL4J network in float32.
 * Skipped, saying so, where Debian's python3 with numpy is missing ({@code bench/reference/setup.sh --numpy-only}).
 */
class ReferenceCrossCheckTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @ParameterizedTest
    @ValueSource(strings = {"crown-18", "isotropic-18"})
    void exportMatchesTheFloat64Reference(String profile, @TempDir Path tmp) throws Exception {
        Path script = projectRoot().resolve("bench/reference/lws_numpy.py");
        boolean numpy = Files.isExecutable(PYTHON) && numpyAvailable();
        String missing = "/usr/bin/python3 with numpy is missing (run bench/reference/setup.sh --numpy-only)";
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(numpy, missing + " under CI=true, where run-tests installs it");
        }
        Assumptions.assumeTrue(numpy, "skipped: " + missing);

        ModelSpec spec =
                ModelSpec.of(Presets.builtIn().plan(profile, "tiny"), OptimizerConfig.paper(), 17, DataType.FLOAT);
        ComputationGraph net = spec.build();
        HuggingFaceExport.write(net, spec.plan(), tmp.resolve("export"));

        List<int[]> sequences = new ArrayList<>();
        int longest = 0;
        Random random = new Random(4);
        StringBuilder text = new StringBuilder();
        for (int length : new int[] {33, 2, 17}) {
            int[] ids = random.ints(length, 0, spec.size().vocabSize()).toArray();
            sequences.add(ids);
            longest = Math.max(longest, length);
            for (int id : ids) {
                text.append(id).append(' ');
            }
            text.append('\n');
        }
        Path tokens = tmp.resolve("tokens.txt");
        Files.writeString(tokens, text);

        double[] java = NextTokenEval.evaluate(net, sequences).perTokenLoss();
        Process p = new ProcessBuilder(
                        PYTHON.toString(),
                        script.toString(),
                        "eval",
                        "--model",
                        tmp.resolve("export").toString(),
                        "--tokens",
                        tokens.toString(),
                        "--per-token",
                        "--json")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "reference failed:\n" + out);
        JsonNode reference = Json.MAPPER.readTree(out).get("per_token_loss");
        assertEquals(java.length, reference.size());
        double worst = 0;
        double maxLoss = 0;
        for (int i = 0; i < java.length; i++) {
            worst = Math.max(worst, Math.abs(java[i] - reference.get(i).asDouble()));
            maxLoss = Math.max(maxLoss, Math.abs(java[i]));
        }
        double spread = 0;
        for (int[] ids : sequences) {
            double[] in = Arrays.stream(ids).asDoubleStream().toArray();
            spread = Math.max(spread, RoundingBounds.logitSpread(net.outputSingle(Nd4j.create(in, 1, ids.length))));
        }
        // Measured 1.1e-6 against a bound of ~3e-5 (tiny, crown-18 and isotropic-18): docs/accuracy.md.
        double bound = RoundingBounds.perTokenLoss(spec.plan(), longest, spread, maxLoss, 1);
        System.out.printf(
                "accuracy: ReferenceCrossCheckTest %s per-token loss |float32 - float64| max %.3e, bound %.3e "
                        + "(%.0fx below; logit spread %.3f, path %d, BLAS core %s)%n",
                profile,
                worst,
                bound,
                bound / worst,
                spread,
                RoundingBounds.pathLength(spec.plan(), longest),
                RoundingBounds.blasCore());
        assertTrue(worst < bound, profile + ": largest per-token difference " + worst + ", bound " + bound);
    }

    private static boolean numpyAvailable() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import numpy")
                .redirectErrorStream(true)
                .start();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    static Path projectRoot() {
        return Path.of(System.getProperty("lws.root", "..")).toAbsolutePath().normalize();
    }
}
