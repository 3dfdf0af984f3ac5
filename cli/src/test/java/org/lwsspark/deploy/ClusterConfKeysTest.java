package org.lwsspark.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every key of {@code conf/cluster/*.conf}, and every key the deploy scripts pass with {@code --conf}, is one that
 * Spark 3.5's own config registry accepts ({@link SparkConfKeys}): an unknown or deprecated key fails, naming the
 * file, the line and the key. The key {@code yarn.conf} used to set is refused by Spark on YARN, and is shown to fail.
 * Data-prep's files ask for no GPU; the training files ask for one per executor and task.
 */
class ClusterConfKeysTest {

    private static final Path ROOT =
            Path.of(System.getProperty("lws.root", "..")).toAbsolutePath().normalize();
    private static final Pattern SCRIPT_CONF = Pattern.compile("--conf \"?(spark\\.[A-Za-z0-9._-]+)=");

    private static SparkConfKeys spark;

    @BeforeAll
    static void loadSparksRegistry() throws ReflectiveOperationException {
        spark = new SparkConfKeys();
        assertTrue(spark.registered() > 1000, "Spark's registry holds " + spark.registered() + " entries");
    }

    @Test
    void sparkAcceptsEveryKeyOfEveryClusterConf() throws IOException {
        List<Path> files = clusterConfs();
        assertEquals(
                Set.of(
                        "k8s.conf",
                        "prep-k8s.conf",
                        "prep-standalone.conf",
                        "prep-yarn.conf",
                        "standalone.conf",
                        "yarn.conf"),
                names(files));
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            problems.addAll(problems(file));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void sparkAcceptsEveryKeyTheDeployScriptsPass() throws IOException {
        List<String> problems = new ArrayList<>();
        int keys = 0;
        try (Stream<Path> scripts = Files.list(ROOT.resolve("deploy"))) {
            for (Path script :
                    scripts.filter(p -> p.toString().endsWith(".sh")).sorted().toList()) {
                List<String> lines = Files.readAllLines(script);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = SCRIPT_CONF.matcher(lines.get(i));
                    while (m.find()) {
                        keys++;
                        String where = ROOT.relativize(script) + ":" + (i + 1) + ": " + m.group(1);
                        spark.problem(m.group(1)).ifPresent(p -> problems.add(where + ": " + p));
                    }
                }
            }
        }
        assertTrue(keys >= 10, "--conf keys found in deploy/*.sh: " + keys);
        assertEquals(List.of(), problems);
    }

    @Test
    void theYarnGpuKeyYarnConfUsedToSetIsRefused() {
        String old = "spark.yarn.executor.resource.yarn.io/gpu.amount";
        String problem = spark.problem(old).orElseThrow();
        assertTrue(
                problem.startsWith("refused by Spark on YARN: Error: Do not use " + old
                        + ", please use spark.executor.resource.gpu.amount instead!"),
                problem);
        // A YARN resource type Spark does not map itself is passed to YARN as it is.
        assertTrue(spark.problem("spark.yarn.executor.resource.acme.com/tpu.amount")
                .isEmpty());
    }

    @Test
    void anUnknownOrDeprecatedKeyFailsWithItsFileLineAndKey(@TempDir Path tmp) throws IOException {
        Path conf = tmp.resolve("bad.conf");
        Files.writeString(conf, """
                # a comment
                spark.master                       yarn
                spark.executor.memry               8g
                spark.yarn.executor.memoryOverhead 4g

                spark.yarn.executor.resource.yarn.io/gpu.amount 1
                spark.executor.memory=8g
                """);
        List<String> problems = problems(conf);
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(
                problems.get(0).startsWith(conf + ":3: spark.executor.memry: unknown to Spark 3.5"), problems.get(0));
        assertTrue(
                problems.get(1)
                        .startsWith(conf + ":4: spark.yarn.executor.memoryOverhead: deprecated since Spark 2.3: use "
                                + "spark.executor.memoryOverhead"),
                problems.get(1));
        assertTrue(
                problems.get(2)
                        .startsWith(conf + ":6: spark.yarn.executor.resource.yarn.io/gpu.amount: refused by Spark on "
                                + "YARN"),
                problems.get(2));
    }

    @Test
    void prepAsksForNoGpuAndTrainingForOnePerExecutorAndTask() throws IOException {
        for (Path file : clusterConfs()) {
            Set<String> gpuKeys = new TreeSet<>();
            for (Line line : lines(file)) {
                if (line.key().matches("spark\\.(driver|executor|task)\\.resource\\.gpu\\..*")
                        || line.key().matches("spark\\.yarn\\..*gpu.*")) {
                    gpuKeys.add(line.key() + "=" + line.value());
                }
            }
            if (file.getFileName().toString().startsWith("prep-")) {
                assertEquals(Set.of(), gpuKeys, file.toString());
            } else {
                assertTrue(
                        gpuKeys.containsAll(
                                Set.of("spark.executor.resource.gpu.amount=1", "spark.task.resource.gpu.amount=1")),
                        file + ": " + gpuKeys);
            }
        }
    }

    private static List<String> problems(Path file) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Line line : lines(file)) {
            spark.problem(line.key())
                    .ifPresent(p -> problems.add(file + ":" + line.number() + ": " + line.key() + ": " + p));
        }
        return problems;
    }

    /**
     * The settings of a spark-defaults file, with their line numbers. Spark reads these files with
     * {@link Properties#load(Reader)}; the keys read here are checked to be the same.
     */
    private static List<Line> lines(Path file) throws IOException {
        List<Line> lines = new ArrayList<>();
        List<String> text = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < text.size(); i++) {
            String l = text.get(i).strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith("!")) {
                continue;
            }
            assertFalse(l.endsWith("\\"), file + ":" + (i + 1) + ": a continued line");
            Matcher m = Pattern.compile("([^\\s=:]+)\\s*[=:\\s]\\s*(.*)").matcher(l);
            assertTrue(m.matches(), file + ":" + (i + 1) + ": not a setting: " + l);
            lines.add(new Line(i + 1, m.group(1), m.group(2).strip()));
        }
        Properties asSparkReadsIt = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            asSparkReadsIt.load(r);
        }
        assertEquals(
                asSparkReadsIt.stringPropertyNames(),
                new TreeSet<>(lines.stream().map(Line::key).toList()),
                file.toString());
        return lines;
    }

    private static List<Path> clusterConfs() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("conf/cluster"))) {
            return files.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
    }

    private static Set<String> names(List<Path> files) {
        return new TreeSet<>(files.stream().map(p -> p.getFileName().toString()).toList());
    }

    private record Line(int number, String key, String value) {}
}
