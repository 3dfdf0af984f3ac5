package org.lwsspark.train.device;

/**
 * The GPU is there and the CUDA backend starts, but the CUDA library holds no code this GPU can run: every kernel
 * would fail. An {@link IllegalStateException}, as the backend's other start-up failures are, so that {@code ./lws}
 * answers it the same way: one line and exit code 3.
 */
public final class UnsupportedGpuException extends IllegalStateException {

    public UnsupportedGpuException(String message) {
        super(message);
    }
}
