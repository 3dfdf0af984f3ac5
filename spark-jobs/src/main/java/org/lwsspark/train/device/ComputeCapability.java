package org.lwsspark.train.device;

/** A GPU's compute capability, {@code major.minor} as NVIDIA writes it: 8.6 is an A10, 9.0 an H100 or H200. */
public record ComputeCapability(int major, int minor) {

    public ComputeCapability {
        if (major < 1 || minor < 0 || minor > 9) {
            throw new IllegalArgumentException("not a compute capability: " + major + "." + minor);
        }
    }

    /** @param text {@code "9.0"}, as {@code nvidia-smi --query-gpu=compute_cap} prints it */
    public static ComputeCapability parse(String text) {
        String[] parts = text.trim().split("\\.", -1);
        try {
            if (parts.length == 2) {
                return new ComputeCapability(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("not a compute capability: " + text + " (expected MAJOR.MINOR, e.g. 9.0)");
    }

    /** The architecture number nvcc names it by: 90 for {@code sm_90} and {@code compute_90}. */
    public int arch() {
        return major * 10 + minor;
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
