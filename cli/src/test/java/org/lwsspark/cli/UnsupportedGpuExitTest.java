package org.lwsspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.lwsspark.train.device.UnsupportedGpuException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * A GPU the CUDA library holds no code for ({@link UnsupportedGpuException}) ends a command with one line and exit
 * code 3 when the command itself throws it, as it does when the preflight does (an {@link IllegalStateException}).
 */
class UnsupportedGpuExitTest {

    private static final String REFUSAL =
            "this GPU (NVIDIA H200, compute capability 9.0) cannot run ND4J's CUDA library";

    @Command(name = "gpu-work")
    static final class GpuWork implements Runnable {
        @Override
        public void run() {
            throw new UnsupportedGpuException(REFUSAL);
        }
    }

    @Test
    void isOneLineAndExitCode3() {
        CommandLine cli = Lws.commandLine();
        cli.addSubcommand(new GpuWork());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(ExitCodes.NO_BACKEND, cli.execute("gpu-work"));
        assertEquals("lws gpu-work: " + REFUSAL, err.toString().strip());
    }
}
