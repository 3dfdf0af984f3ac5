package org.lwsspark.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.lwsspark.common.Json;

/**
 * Runs a script of {@code bench/reference/} with Debian's python3 and reads the JSON line it prints. Tests that
 * need PyTorch are skipped, saying so, where it is not installed ({@code sh bench/reference/setup.sh}).
 */
public final class TestPython {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private TestPython() {}

    public static Path script(String name) {
        return Path.of(System.getProperty("lws.root", ".."))
                .toAbsolutePath()
                .normalize()
                .resolve("bench/reference")
                .resolve(name);
    }

    public static void assumeTorch() throws IOException, InterruptedException {
        boolean ok = Files.isExecutable(PYTHON);
        if (ok) {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch")
                    .redirectErrorStream(true)
                    .start();
            ok = p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        Prerequisite.require(ok, "/usr/bin/python3 with torch (sh bench/reference/setup.sh)");
    }

    /** The last line of the script's standard output, as JSON; fails the test with its output when it fails. */
    public static JsonNode run(String script, String... args) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of(PYTHON.toString(), script(script).toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(script + " failed:\n" + out);
        }
        String[] lines = out.strip().split("\n");
        return Json.MAPPER.readTree(lines[lines.length - 1]);
    }
}
