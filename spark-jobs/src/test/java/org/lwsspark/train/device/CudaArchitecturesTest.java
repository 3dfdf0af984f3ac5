package org.lwsspark.train.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CudaArchitecturesTest {

    private static final CudaArchitectures RELEASE = CudaArchitectures.release();

    @Test
    void theReleaseLibraryIsWhatTheFatbinScriptReadFromIt() {
        assertEquals("nd4j-cuda-11.6 1.0.0-M2.1", RELEASE.library());
        assertEquals(905_138_248L, RELEASE.size());
        assertEquals(List.of(37, 50, 52, 60, 61, 70, 75, 80, 86), RELEASE.sass());
        assertEquals(List.of(), RELEASE.ptx());
    }

    /** Volta to Ampere by their own SASS; Ada (8.9) by sm_86 and sm_80, same major version, lower minor. */
    @ParameterizedTest
    @ValueSource(strings = {"3.7", "5.0", "6.1", "7.0", "7.5", "8.0", "8.6", "8.9"})
    void gpusWithSassOfTheirMajorVersionAndAnEqualOrLowerMinorRunIt(String capability) {
        assertTrue(RELEASE.canRun(ComputeCapability.parse(capability)), capability);
    }

    /** Hopper (9.0) and later have no SASS of their major version and there is no PTX; Kepler 3.5 predates sm_37. */
    @ParameterizedTest
    @ValueSource(strings = {"9.0", "10.0", "12.0", "3.5", "3.0"})
    void otherGpusCannot(String capability) {
        assertFalse(RELEASE.canRun(ComputeCapability.parse(capability)), capability);
    }

    @Test
    void theRefusalNamesTheGpuWhatTheLibraryHoldsAndTheWayOut() {
        assertEquals(
                "this GPU (NVIDIA H200, compute capability 9.0) cannot run ND4J's CUDA library nd4j-cuda-11.6 "
                        + "1.0.0-M2.1, which holds code for sm_37, sm_50, sm_52, sm_60, sm_61, sm_70, sm_75, sm_80, "
                        + "sm_86 and no PTX: build libnd4j for compute_90 (see docs/gpu.md)",
                RELEASE.refusal("NVIDIA H200", ComputeCapability.parse("9.0")));
        assertTrue(RELEASE.refusal("Tesla K40m", ComputeCapability.parse("3.5"))
                .endsWith("build libnd4j for compute_35 (see docs/gpu.md)"));
    }

    @Test
    void sassRunsOnlyUpwardsWithinItsMajorVersion() {
        CudaArchitectures sm86 =
                CudaArchitectures.parse("x", 1, "lib.so: 1 fatbins, 1 entries; SASS: sm_86; PTX: none");
        assertFalse(sm86.canRun(ComputeCapability.parse("8.0")));
        assertTrue(sm86.canRun(ComputeCapability.parse("8.6")));
        assertTrue(sm86.canRun(ComputeCapability.parse("8.9")));
        assertFalse(sm86.canRun(ComputeCapability.parse("9.0")));
    }

    @Test
    void ptxRunsOnItsArchitectureAndEveryLaterOne() {
        CudaArchitectures ptx80 =
                CudaArchitectures.parse("x", 1, "lib.so: 1 fatbins, 2 entries; SASS: sm_80; PTX: sm_80");
        assertEquals(List.of(80), ptx80.ptx());
        assertTrue(ptx80.canRun(ComputeCapability.parse("9.0")));
        assertTrue(ptx80.canRun(ComputeCapability.parse("12.0")));
        assertFalse(ptx80.canRun(ComputeCapability.parse("7.5")));
        assertTrue(ptx80.refusal("T4", ComputeCapability.parse("7.5")).contains("sm_80 and PTX for compute_80:"));
    }

    @Test
    void aLineNotFromTheScriptIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CudaArchitectures.parse("x", 1, "sm_80"));
    }

    @Test
    void computeCapabilitiesAreMajorDotMinor() {
        assertEquals(new ComputeCapability(9, 0), ComputeCapability.parse(" 9.0 "));
        assertEquals(89, ComputeCapability.parse("8.9").arch());
        for (String bad : List.of("9", "9.", "x.0", "8.10", "9.0.1", "-1.0")) {
            assertThrows(IllegalArgumentException.class, () -> ComputeCapability.parse(bad), bad);
        }
    }
}
