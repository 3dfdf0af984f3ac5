package org.lwsspark.train.device;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.lwsspark.model.nn.Backend;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses, before its first kernel, a GPU that the CUDA library on the class path holds no code for: without it, an
 * H100 or H200 with ND4J's release library would start and fail at the first kernel with CUDA's "no kernel image is
 * available". To be called on the driver at start and on each executor once it has bound its GPU; each device is
 * checked once per JVM. Does nothing on the CPU build.
 *
 * <p>The device's name and capability come from ND4J's device table, which 1.0.0-M2.1's {@code CudaExecutioner}
 * fills with the CUDA runtime's device queries (no kernel): {@code getEnvironmentInformation()} holds
 * {@code "cuda.devicesInformation"}, a list indexed by CUDA ordinal of maps with {@code "cuda.deviceName"},
 * {@code "cuda.deviceMajor"} and {@code "cuda.deviceMinor"}, the entries {@code JCublasBackend} logs at start.
 *
 * <p>Only ND4J's release library is checked, recognised by the size of its {@code libnd4jcuda.so}: a libnd4j rebuilt
 * for other architectures (docs/gpu.md) is trusted, with a log line saying so.
 */
public final class CudaDeviceCheck {

    private static final Logger LOG = LoggerFactory.getLogger(CudaDeviceCheck.class);
    /** Where JavaCPP loads the library from: the {@code linux-x86_64} jar of nd4j-cuda-11.6. */
    private static final String LIBRARY = "org/nd4j/linalg/jcublas/bindings/linux-x86_64/libnd4jcuda.so";

    private static final Set<Integer> CHECKED = ConcurrentHashMap.newKeySet();
    private static final Set<Long> LOGGED = ConcurrentHashMap.newKeySet();

    private CudaDeviceCheck() {}

    /** @throws UnsupportedGpuException where the release library cannot run on the current thread's GPU */
    public static void requireCurrentDevice() {
        if (!Backend.isCudaBuild()) {
            return;
        }
        int device;
        Object table;
        try {
            device = Nd4j.getAffinityManager().getDeviceForCurrentThread();
            if (CHECKED.contains(device)) {
                return;
            }
            table = Nd4j.getExecutioner().getEnvironmentInformation().get("cuda.devicesInformation");
        } catch (RuntimeException | LinkageError e) {
            return; // the backend did not start (no GPU, no driver): Backend.requireUsable() says why
        }
        if (!(table instanceof List<?> devices)
                || device >= devices.size()
                || !(devices.get(device) instanceof Map<?, ?> info)
                || !(info.get("cuda.deviceMajor") instanceof Number major)
                || !(info.get("cuda.deviceMinor") instanceof Number minor)) {
            LOG.warn(
                    "ND4J reports no compute capability for CUDA device {}: its GPU architecture is not checked",
                    device);
            return;
        }
        String name = String.valueOf(info.get("cuda.deviceName"));
        require(name, new ComputeCapability(major.intValue(), minor.intValue()), librarySize());
        CHECKED.add(device);
        LOG.info("CUDA device {} ({}, compute capability {}.{}) can run the CUDA library", device, name, major, minor);
    }

    /**
     * The decision, apart from ND4J.
     *
     * @param librarySize the bytes of the {@code libnd4jcuda.so} on the class path, -1 where unknown
     */
    static void require(String gpuName, ComputeCapability gpu, long librarySize) {
        CudaArchitectures release = CudaArchitectures.release();
        if (librarySize != release.size()) {
            if (LOGGED.add(librarySize)) {
                LOG.info(
                        "libnd4jcuda.so on the class path ({} bytes) is not {} ({} bytes): the GPU architectures it"
                                + " holds are not checked",
                        librarySize,
                        release.library(),
                        release.size());
            }
            return;
        }
        if (!release.canRun(gpu)) {
            throw new UnsupportedGpuException(release.refusal(gpuName, gpu));
        }
    }

    /** From the jar's directory (or the file), not by reading the 905 MB library; -1 where it cannot be found. */
    static long librarySize() {
        URL url = CudaDeviceCheck.class.getClassLoader().getResource(LIBRARY);
        try {
            if (url == null) {
                return -1;
            }
            if (url.getProtocol().equals("file")) {
                return Files.size(Path.of(url.toURI()));
            }
            String path = url.getPath(); // jar: URLs are file:/x.jar!/entry
            int separator = path.indexOf("!/");
            if (!url.getProtocol().equals("jar") || separator < 0) {
                return -1;
            }
            try (ZipFile jar =
                    new ZipFile(Path.of(new URI(path.substring(0, separator))).toFile())) {
                ZipEntry entry = jar.getEntry(path.substring(separator + 2));
                return entry == null ? -1 : entry.getSize();
            }
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            return -1;
        }
    }
}
