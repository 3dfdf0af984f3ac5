package org.lwsspark.model.nn;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Starts ND4J's backend, or says clearly why it cannot: the usual case is a CUDA build ({@code mvn -Pcuda})
 * on a machine without an NVIDIA GPU or driver, where ND4J's own error is a stack of linkage failures.
 */
public final class Backend {

    private static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";

    private Backend() {}

    /** @throws IllegalStateException naming the backend, the cause and the way out */
    public static void requireUsable() {
        try {
            Nd4j.create(1);
        } catch (Throwable t) {
            Throwable root = t;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (isCudaBuild()) {
                throw new IllegalStateException(
                        "the ND4J CUDA backend (a build with -Pcuda) cannot start: " + root
                                + ". It needs an NVIDIA GPU and a driver for CUDA 11.6; on a machine without one, use the CPU "
                                + "build (Maven without -Pcuda).",
                        t);
            }
            throw new IllegalStateException(
                    "the ND4J CPU backend cannot start: " + root + ". It needs an x86-64 Linux CPU with AVX2.", t);
        }
    }

    public static boolean isCudaBuild() {
        try {
            Class.forName(CUDA_BACKEND, false, Backend.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
