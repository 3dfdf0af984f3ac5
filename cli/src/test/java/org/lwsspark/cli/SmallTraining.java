package org.lwsspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.lwsspark.common.Json;

/**
 * What the end-to-end training tests share: real prep shards (byte-level, made from the project's own sources by
 * {@code ./lws prep}), a model size small enough that Spark, not the model, is most of a step, the train command
 * line, and {@code ./lws} in a JVM of its own (for the tests that kill it).
 *
 * @param data a prep output directory
 * @param conf the train settings: 18 blocks of d_model 48, evaluation and a checkpoint every 8 steps, 2 kept
 */
record SmallTraining(Path data, Path conf) {

    static final int STEPS = 24;
    static final int WORKERS = 2;
    static final int BATCH = 4;
    static final int SEQ = 32;

    /** Prepares the shards and writes the settings under {@code tmp}. */
    static SmallTraining prepare(Path tmp) throws IOException {
        Path data = prepShards(tmp, "model/src/main/java", SEQ);
        Path conf = tmp.resolve("train.conf");
        Files.writeString(conf, """
                lws.models.sizes.micro { d-model = 48, head-dim = 8, gqa-group = 3, ffn-multiple = 16, vocab-size = 320,
                                         rope-theta = 500000, norm-eps = 1e-6, init-std = 0.02 }
                lws.train {
                  size = micro, workers = %d, batch-per-worker = %d, averaging-frequency = 4, log-every = 2
                  optimizer { schedule = constant, lr = 3e-3 }
                  eval { every = 8, rows = 64, batch = 16 }
                  checkpoint { every = 8, keep = 2 }
                }
                """.formatted(WORKERS, BATCH));
        return new SmallTraining(data, conf);
    }

    /**
     * {@code tmp/data}: byte-level shards of rows of {@code seqLen} tokens made by {@code ./lws prep} from the Java
     * sources under {@code sources} (relative to the repository), each file a document.
     */
    static Path prepShards(Path tmp, String sources, int seqLen) throws IOException {
        Path root =
                Path.of(System.getProperty("lws.root", "..")).toAbsolutePath().normalize();
        StringBuilder corpus = new StringBuilder();
        try (Stream<Path> files = Files.walk(root.resolve(sources))) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                corpus.append(Json.MAPPER
                                .writer()
                                .without(SerializationFeature.INDENT_OUTPUT)
                                .writeValueAsString(Map.of("text", Files.readString(f))))
                        .append('\n');
            }
        }
        Files.writeString(tmp.resolve("corpus.jsonl"), corpus);
        // Source code is neither English prose nor unique text: the filters that would drop it are off.
        Files.writeString(
                tmp.resolve("prep.conf"),
                "lws.prep { val-fraction = 0.2, progress-seconds = 0, filter { "
                        + "min-chars = 1, language.keep = [], quality.enabled = false, dedup { exact = false, near = false } } }");
        Path data = tmp.resolve("data");
        CliTest.Run prep = CliTest.run(
                "prep",
                "--master",
                "local[2]",
                "--input",
                tmp.resolve("corpus.jsonl").toString(),
                "--out",
                data.toString(),
                "--seq-len",
                String.valueOf(seqLen),
                "--tokenizer",
                "bytes",
                "--conf",
                tmp.resolve("prep.conf").toString());
        assertEquals(0, prep.exit(), prep.err());
        return data;
    }

    /** {@code ./lws train} of {@value #STEPS} steps in local[2] into {@code runDir}, then {@code more} options. */
    List<String> train(String runDir, String... more) {
        return train(runDir, STEPS, more);
    }

    /** {@code ./lws train} of {@code steps} steps in local[2] into {@code runDir}, then {@code more} options. */
    List<String> train(String runDir, long steps, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "train",
                "--master",
                "local[2]",
                "--data",
                data.toString(),
                "--run-dir",
                runDir,
                "--conf",
                conf.toString(),
                "--max-steps",
                String.valueOf(steps)));
        args.addAll(List.of(more));
        return args;
    }

    /** {@code ./lws} in a JVM of its own, as the launcher starts it, with output to {@code log}. */
    static Process lws(Path log, List<String> args, String... jvmArgs) throws IOException {
        List<String> command = lwsCommand(jvmArgs);
        command.addAll(args);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** The command line that starts {@code ./lws} from this test's classes, before its arguments. */
    static List<String> lwsCommand(String... jvmArgs) throws IOException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(jvmFlags()));
        command.addAll(List.of(jvmArgs));
        command.addAll(List.of(
                "-Xmx2g",
                "-Dlws.root=" + System.getProperty("lws.root", ".."),
                "-cp",
                System.getProperty("java.class.path"),
                "org.lwsspark.cli.Lws"));
        return command;
    }

    private static String[] jvmFlags() throws IOException {
        Path props = Path.of(System.getProperty("lws.root", "..")).resolve("conf/jvm.properties");
        return Files.readAllLines(props, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("lws.jvm.flags="))
                .findFirst()
                .orElseThrow()
                .substring("lws.jvm.flags=".length())
                .split(" ");
    }
}
