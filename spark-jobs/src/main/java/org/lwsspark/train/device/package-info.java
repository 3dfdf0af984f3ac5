/**
 * Whether this machine's GPU can run the CUDA library the build ships. ND4J's release CUDA library holds machine code
 * (SASS) for a fixed list of architectures and no PTX, so a newer GPU (an H100 or H200, compute capability 9.0) has
 * nothing to run: {@link org.lwsspark.train.device.CudaDeviceCheck} refuses it in one line before the first kernel,
 * on the driver and on each executor, from the list {@code deploy/cuda/fatbin-archs.py} read out of the library
 * ({@link org.lwsspark.train.device.CudaArchitectures}). docs/gpu.md has the architectures and the way out.
 */
package org.lwsspark.train.device;
