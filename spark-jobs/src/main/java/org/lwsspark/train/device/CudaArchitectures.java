package org.lwsspark.train.device;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The GPU architectures a CUDA library holds code for, as {@code deploy/cuda/fatbin-archs.py} reads them from the
 * library's {@code .nv_fatbin} section, and whether a GPU can run it. The rule is CUDA's (CUDA C++ Programming
 * Guide, "Binary Compatibility" and "PTX Compatibility"): SASS built for {@code sm_XY} runs on a GPU of the same
 * major version X and a minor version of Y or more, never across major versions (sm_80 runs on 8.0, 8.6 and 8.9;
 * sm_86 on 8.6 and 8.9 but not 8.0; neither on 9.0); PTX for {@code compute_XY} is compiled by the driver for any GPU
 * of capability X.Y or more. NVIDIA excludes Tegra parts from the SASS rule; the library is built for x86-64 only.
 *
 * @param library the library's Maven name and version, for messages
 * @param size the bytes of its {@code libnd4jcuda.so}: what tells the release library from a rebuilt one
 * @param sass the architectures it holds SASS for (80 for {@code sm_80})
 * @param ptx the architectures it holds PTX for
 */
public record CudaArchitectures(String library, long size, List<Integer> sass, List<Integer> ptx) {

    /** Written by {@code deploy/cuda/fatbin-archs.py --properties} from the release jar (docs/gpu.md). */
    private static final String RELEASE = "nd4j-cuda-release.properties";

    private static final Pattern FATBIN = Pattern.compile("; SASS: ([^;]+); PTX: ([^;]+)");

    public CudaArchitectures {
        sass = List.copyOf(sass);
        ptx = List.copyOf(ptx);
    }

    /** ND4J's release library, {@code org.nd4j:nd4j-cuda-11.6:1.0.0-M2.1:linux-x86_64}: sm_37 to sm_86, no PTX. */
    public static CudaArchitectures release() {
        Properties properties = new Properties();
        try (InputStream in = CudaArchitectures.class.getResourceAsStream(RELEASE)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + RELEASE + " is missing from the build");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(
                properties.getProperty("library"),
                Long.parseLong(properties.getProperty("library.size")),
                properties.getProperty("fatbin"));
    }

    /** @param fatbin the line {@code deploy/cuda/fatbin-archs.py} prints for the library */
    static CudaArchitectures parse(String library, long size, String fatbin) {
        Matcher m = FATBIN.matcher(fatbin);
        if (!m.find()) {
            throw new IllegalArgumentException("not a line of deploy/cuda/fatbin-archs.py: " + fatbin);
        }
        return new CudaArchitectures(library, size, archs(m.group(1)), archs(m.group(2)));
    }

    private static List<Integer> archs(String listed) {
        if (listed.trim().equals("none")) {
            return List.of();
        }
        return Arrays.stream(listed.trim().split(" +"))
                .map(name -> Integer.parseInt(name.substring("sm_".length())))
                .sorted()
                .toList();
    }

    public boolean canRun(ComputeCapability gpu) {
        return sass.stream().anyMatch(arch -> arch / 10 == gpu.major() && arch % 10 <= gpu.minor())
                || ptx.stream().anyMatch(arch -> arch <= gpu.arch());
    }

    /** The one line that refuses a GPU this library cannot run, naming what it holds and the way out. */
    public String refusal(String gpuName, ComputeCapability gpu) {
        return "this GPU (" + gpuName + ", compute capability " + gpu + ") cannot run ND4J's CUDA library " + library
                + ", which holds code for " + names("sm_", sass) + " and "
                + (ptx.isEmpty() ? "no PTX" : "PTX for " + names("compute_", ptx)) + ": build libnd4j for compute_"
                + gpu.arch() + " (see docs/gpu.md)";
    }

    private static String names(String prefix, List<Integer> archs) {
        return archs.isEmpty() ? "nothing" : archs.stream().map(a -> prefix + a).collect(Collectors.joining(", "));
    }
}
