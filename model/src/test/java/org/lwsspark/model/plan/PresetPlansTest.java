package org.lwsspark.model.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The seven paper presets against the paper's table (docs/method.md, "The widths: profiles"), layer by layer. */
class PresetPlansTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "isotropic-12; 12 12 12 12 12 12 12 12 12 12 12 12; 3072 3072 3072 3072 3072 3072 3072 3072 3072 3072 3072 3072; 181107456",
                "vanilla-12; 6 9 9 12 12 15 15 18 18 21 21 24; 1536 1792 2048 2304 2560 2816 2816 3072 3328 3584 3840 4096; 178751232",
                "isotropic-18; 9 9 9 9 9 9 9 9 9 9 9 9 9 9 9 9 9 9; 2048 2048 2048 2048 2048 2048 2048 2048 2048 2048 2048 2048 2048 2048 2048 2048 2048 2048; 183477504",
                "vanilla-18; 6 6 9 9 9 9 9 9 9 9 9 9 12 12 12 12 12 12; 768 1024 1024 1280 1280 1536 1536 1792 1792 2048 2048 2304 2304 2560 2560 2816 2816 3072; 179742976",
                "framed-18; 12 6 9 9 9 9 9 9 9 9 9 9 12 12 12 12 12 12; 3072 512 768 1024 1024 1280 1280 1536 1536 1792 2048 2048 2304 2560 2560 2816 2816 3072; 179350272",
                "reverse-18; 12 12 12 12 12 12 9 9 9 9 9 9 9 9 9 9 6 12; 3072 2816 2816 2560 2560 2304 2048 2048 1792 1536 1536 1280 1280 1024 1024 768 512 3072; 179350272",
                "crown-18; 12 9 9 9 9 9 12 12 12 12 12 12 9 9 9 9 9 12; 3072 768 1024 1280 1536 2048 2304 2560 2816 2816 2560 2304 2048 1536 1280 1024 768 3072; 181906688",
            })
    void matchesTheSpecification(String profile, String qHeads, String ffn, long totalParams) {
        ModelPlan plan = Presets.builtIn().plan(profile, "paper");
        int[] expectedQ = ints(qHeads);
        assertArrayEquals(
                expectedQ, plan.layers().stream().mapToInt(LayerPlan::qHeads).toArray(), "q heads");
        assertArrayEquals(
                Arrays.stream(expectedQ).map(q -> q / 3).toArray(),
                plan.layers().stream().mapToInt(LayerPlan::kvHeads).toArray(),
                "kv heads");
        assertArrayEquals(
                ints(ffn), plan.layers().stream().mapToInt(LayerPlan::ffnHidden).toArray(), "ffn hidden");
        assertEquals(totalParams, plan.totalParams(), "total parameters");
    }

    @ParameterizedTest(name = "{0} at tiny size")
    @CsvSource({"vanilla-18", "framed-18", "reverse-18", "crown-18", "vanilla-12"})
    void tinyKeepsThePaperHeadsAndQuartersTheFfnWidths(String profile) {
        ModelPlan paper = Presets.builtIn().plan(profile, "paper");
        ModelPlan tiny = Presets.builtIn().plan(profile, "tiny");
        assertArrayEquals(
                paper.layers().stream().mapToInt(LayerPlan::qHeads).toArray(),
                tiny.layers().stream().mapToInt(LayerPlan::qHeads).toArray());
        assertArrayEquals(
                paper.layers().stream().mapToInt(l -> l.ffnHidden() / 4).toArray(),
                tiny.layers().stream().mapToInt(LayerPlan::ffnHidden).toArray());
    }

    private static int[] ints(String s) {
        return Arrays.stream(s.trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
    }
}
