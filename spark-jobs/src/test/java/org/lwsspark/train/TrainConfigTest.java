package org.lwsspark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwsspark.model.optim.LearningRateSchedule;

class TrainConfigTest {

    @Test
    void theShippedDefaultsAreThePapersOptimizer() {
        TrainConfig c = TrainConfig.load(null, List.of(), Map.of());
        assertEquals(LearningRateSchedule.Kind.PAPER, c.optimizer().schedule());
        var optimizer = c.optimizer().resolve(c.maxSteps());
        assertEquals(6e-4, optimizer.learningRateAt(0));
        assertEquals(0.9, optimizer.beta1());
        assertEquals(0.95, optimizer.beta2());
        assertEquals(1e-8, optimizer.epsilon());
        assertEquals(0.01, optimizer.weightDecay());
        assertEquals(1.0, optimizer.clipNorm());
    }

    @Test
    void precedenceIsDefaultsThenFileThenSetThenOptions(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("mine.conf");
        Files.writeString(file, "lws.train { batch-per-worker = 8, log-every = 5, seed = 7 }");
        TrainConfig c = TrainConfig.load(
                file.toFile(),
                List.of("log-every=3", "lws.train.seed = 9", "seed=11"),
                Map.of("seed", 13L, "profile", "vanilla-18"));
        assertEquals(8, c.batchPerWorker(), "from the file");
        assertEquals(3, c.logEvery(), "--set over the file");
        assertEquals(13, c.seed(), "an option over every --set");
        assertEquals("vanilla-18", c.profile());
        assertEquals(100, c.eval().every(), "the default where nothing overrides it");
    }

    @Test
    void mistakesNameTheSettingAndWhereItCameFrom(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("typo.conf");
        Files.writeString(file, "lws.train {\n  batch-per-wroker = 8\n}\n");
        String typo = assertThrows(
                        IllegalArgumentException.class, () -> TrainConfig.load(file.toFile(), List.of(), Map.of()))
                .getMessage();
        assertTrue(typo.contains("unknown setting 'batch-per-wroker'") && typo.contains("typo.conf: 2"), typo);
        String type = assertThrows(
                        IllegalArgumentException.class,
                        () -> TrainConfig.load(null, List.of("optimizer.lr=fast"), Map.of()))
                .getMessage();
        assertTrue(type.contains("optimizer.lr") && type.contains("--set optimizer.lr"), type);
        String both = assertThrows(
                        IllegalArgumentException.class, () -> TrainConfig.load(null, List.of("tokens=1000"), Map.of()))
                .getMessage();
        assertTrue(both.contains("exactly one of max-steps (1000) and tokens (1000)"), both);
        String profile = assertThrows(
                        IllegalArgumentException.class,
                        () -> TrainConfig.load(null, List.of(), Map.of("profile", "crown-19")))
                .getMessage();
        assertTrue(profile.contains("unknown profile 'crown-19'"), profile);
        String noEquals = assertThrows(
                        IllegalArgumentException.class, () -> TrainConfig.load(null, List.of("seed"), Map.of()))
                .getMessage();
        assertTrue(noEquals.contains("expected key=value"), noEquals);
    }

    @Test
    void aConfFileMayDefineItsOwnModelSize(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("small.conf");
        Files.writeString(
                file,
                "lws.models.sizes.small { d-model = 96, head-dim = 8, gqa-group = 3, ffn-multiple = 32, "
                        + "vocab-size = 320, rope-theta = 10000, norm-eps = 1e-6, init-std = 0.02 }\nlws.train.size = small");
        TrainConfig c = TrainConfig.load(file.toFile(), List.of(), Map.of());
        assertEquals(96, c.presets().plan(c.profile(), c.size()).size().dModel());
    }
}
