package org.lwsspark.model.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ModelPlanTest {

    /**
     * isotropic-18 at size tiny, counted by hand: d 192, V 320, every block q_dim 144 (9 heads of 16), kv_dim 48,
     * FFN 512. Weights in matrix products per token: the LM head 192 x 320 = 61,440; per block q, k, v
     * 192 x (144 + 48 + 48) = 46,080, the output 144 x 192 = 27,648, the SwiGLU 3 x 192 x 512 = 294,912, so
     * 368,640 x 18 = 6,635,520; in all 6,696,960, times 6 (forward, two in backward) = 40,181,760. Attention at
     * T = 128: QK^T and PV, 2 x 2 x 144 x 128 forward, 3 x that with backward = 221,184 per block, 3,981,312 for 18.
     */
    @Test
    void trainingFlopsPerTokenIsTheHandCount() {
        ModelPlan plan = Presets.builtIn().plan("isotropic-18", "tiny");
        assertEquals(40_181_760 + 3_981_312, plan.trainingFlopsPerToken(128), 0.0);
        // Doubling T adds only the attention term again.
        assertEquals(40_181_760 + 2 * 3_981_312, plan.trainingFlopsPerToken(256), 0.0);
    }
}
