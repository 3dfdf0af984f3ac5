package org.lwsspark.train.device;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The decision with the capability as input; reading it from a GPU needs one (docs/gpu.md says what never ran). */
class CudaDeviceCheckTest {

    private static final long RELEASE_SIZE = CudaArchitectures.release().size();

    @Test
    void anH200IsRefusedWithTheReleaseLibrary() {
        UnsupportedGpuException e = assertThrows(
                UnsupportedGpuException.class,
                () -> CudaDeviceCheck.require("NVIDIA H200", ComputeCapability.parse("9.0"), RELEASE_SIZE));
        assertEquals(
                "this GPU (NVIDIA H200, compute capability 9.0) cannot run ND4J's CUDA library nd4j-cuda-11.6 "
                        + "1.0.0-M2.1, which holds code for sm_37, sm_50, sm_52, sm_60, sm_61, sm_70, sm_75, sm_80, "
                        + "sm_86 and no PTX: build libnd4j for compute_90 (see docs/gpu.md)",
                e.getMessage());
        // ./lws answers a backend that cannot run here with exit code 3, from IllegalStateException in its preflight
        assertInstanceOf(IllegalStateException.class, e);
    }

    @Test
    void anA100AnA10AndAnL4AreAccepted() {
        for (String capability : new String[] {"8.0", "8.6", "8.9"}) {
            assertDoesNotThrow(() -> CudaDeviceCheck.require("GPU", ComputeCapability.parse(capability), RELEASE_SIZE));
        }
    }

    @Test
    void aRebuiltLibraryIsTrusted() {
        assertDoesNotThrow(() -> CudaDeviceCheck.require("NVIDIA H200", ComputeCapability.parse("9.0"), 123_456L));
        assertDoesNotThrow(() -> CudaDeviceCheck.require("NVIDIA H200", ComputeCapability.parse("9.0"), -1));
    }

    @Test
    void theCpuBuildChecksNothing() {
        assertEquals(-1, CudaDeviceCheck.librarySize(), "no libnd4jcuda.so on the CPU build's class path");
        assertDoesNotThrow(CudaDeviceCheck::requireCurrentDevice);
    }
}
