package org.lwsspark.train.data;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.lwsspark.model.nn.Backend;
import org.lwsspark.train.device.CudaDeviceCheck;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the task's thread to the GPU that Spark's resource scheduling gave the task
 * ({@code spark.task.resource.gpu.amount}), before the task creates its first array. ND4J's CUDA backend keeps a
 * device per thread and would otherwise put every executor of a host on device 0. Spark's GPU addresses are
 * {@code nvidia-smi} indices (deploy/gpu-discovery.sh); they are CUDA ordinals because the deploy scripts set
 * {@code CUDA_DEVICE_ORDER=PCI_BUS_ID} for the executors. The CPU build logs the assignment and ignores it.
 *
 * <p>The CUDA build then checks that the device can run ND4J's CUDA library ({@link CudaDeviceCheck}), so that an
 * executor on a GPU the library holds no code for fails its task with one line naming the GPU, rather than at its
 * first kernel.
 */
final class ExecutorDevice {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorDevice.class);
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    private ExecutorDevice() {}

    /** Binds nothing outside a Spark task or where the task was given no GPU; checks the device in every case. */
    static void bindAssignedGpu() {
        TaskContext task = TaskContext.get();
        ResourceInformation gpus =
                task == null ? null : task.resources().get("gpu").getOrElse(() -> null);
        if (gpus == null || gpus.addresses().length == 0) {
            CudaDeviceCheck.requireCurrentDevice(); // the CUDA build then runs on the thread's default device
            return;
        }
        String address = gpus.addresses()[0];
        if (Backend.isCudaBuild()) {
            Nd4j.getAffinityManager().unsafeSetDevice(Integer.parseInt(address));
            CudaDeviceCheck.requireCurrentDevice();
            logOnce(
                    address,
                    "executor uses GPU " + address + " (assigned by Spark), CUDA device "
                            + Nd4j.getAffinityManager().getDeviceForCurrentThread());
        } else {
            logOnce(address, "executor was assigned GPU " + address + " by Spark; the CPU build ignores it");
        }
    }

    /** One line per executor JVM and address, not one per task. */
    private static void logOnce(String address, String message) {
        if (LOGGED.add(address)) {
            LOG.info(message);
        }
    }
}
