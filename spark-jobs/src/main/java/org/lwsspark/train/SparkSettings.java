package org.lwsspark.train;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** The Spark settings a training application starts with, and what run.json may show of them. */
public final class SparkSettings {

    /** Spark's own default of {@code spark.redaction.regex}: values of matching keys never leave the driver. */
    private static final String DEFAULT_REDACTION = "(?i)secret|password|token|access[.]key";

    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\d+)?])?");

    private SparkSettings() {}

    /**
     * The defaults of a training application; anything spark-submit or {@code spark-defaults.conf} already set
     * wins. Kryo with {@link LwsKryoRegistrator} carries the parameters and Adam state of every round.
     */
    public static SparkConf forTraining(String appName, String master) {
        SparkConf conf = new SparkConf()
                .setAppName(appName)
                .setIfMissing("spark.master", master)
                .setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .setIfMissing("spark.ui.showConsoleProgress", "false")
                // The worker count is fixed at the start from the executors registered by then: wait for all that
                // were asked for (Spark's default starts standalone jobs with whatever has registered).
                .setIfMissing("spark.scheduler.minRegisteredResourcesRatio", "1.0")
                .setIfMissing("spark.scheduler.maxRegisteredResourcesWaitingTime", "120s");
        // After whatever registrators the user configured (the last registration of a class wins): the trainer's
        // are needed whenever Kryo is the serializer.
        String ours = LwsKryoRegistrator.class.getName();
        String registrators = conf.get("spark.kryo.registrator", "");
        if (!registrators.contains(ours)) {
            registrators = registrators.isEmpty() ? ours : registrators + "," + ours;
        }
        return conf.set("spark.kryo.registrator", registrators);
    }

    /**
     * The settings that the averaging's traffic needs: the most a round sends to the driver
     * ({@code roundResultBytes}) and one task at most ({@code taskResultBytes}), set where the user has not set
     * them. A user's value that is too small is refused by name before Spark starts: Spark would abort the first
     * round ({@code spark.driver.maxResultSize}) or fail its serialization (Kryo's buffer). Float data is not
     * compressed on its way: LZ4 gains nothing on it and costs a pass over every byte.
     */
    static SparkConf sizedForAveraging(SparkConf conf, long roundResultBytes, long taskResultBytes) {
        long resultLimit = roundUpToMiB(roundResultBytes + roundResultBytes / 10);
        require(conf, "spark.driver.maxResultSize", resultLimit, true, "of averaged state per round");
        long kryoLimit = Math.min(2047L << 20, roundUpToMiB(2 * taskResultBytes));
        require(conf, "spark.kryoserializer.buffer.max", kryoLimit, false, "in one task's result");
        // A task's result up to Spark's RPC message limit (128 MiB) travels with the task's status, not through the
        // block manager (stored, then fetched: two more copies of every averaged byte).
        return conf.setIfMissing("spark.task.maxDirectResultSize", (kryoLimit >> 20) + "m")
                .setIfMissing("spark.broadcast.compress", "false")
                .setIfMissing("spark.shuffle.compress", "false")
                // The shuffle's checksum files are one more pass over every byte of a round, kept only to diagnose
                // the cause of a corruption after the fact (the broadcast's checksum, which detects one, stays on).
                .setIfMissing("spark.shuffle.checksum.enabled", "false");
    }

    private static void require(SparkConf conf, String key, long bytes, boolean zeroIsUnlimited, String what) {
        if (!conf.contains(key)) {
            conf.set(key, (bytes >> 20) + "m");
            return;
        }
        long set = conf.getSizeAsBytes(key);
        if (set < bytes && !(zeroIsUnlimited && set == 0)) {
            throw new IllegalArgumentException("setting " + key + " is " + conf.get(key) + ", but this run moves "
                    + String.format("%.2f GiB", bytes / (double) (1L << 30)) + " " + what + ": set it to at least "
                    + (bytes >> 20) + "m" + (zeroIsUnlimited ? " (or 0)" : "") + ", or leave it unset");
        }
    }

    private static long roundUpToMiB(long bytes) {
        return ((bytes + (1L << 20) - 1) >> 20) << 20;
    }

    /**
     * How many tasks run at once: the cores of {@code local[N]}, or on a cluster each registered executor's cores
     * divided by {@code spark.task.cpus}. Not {@code defaultParallelism}, which is at least 2 and counts cores.
     */
    static int taskSlots(JavaSparkContext sc) {
        int local = localCores(sc.master());
        if (local > 0) {
            return local;
        }
        int executors = Math.max(1, sc.sc().statusTracker().getExecutorInfos().length - 1);
        int executorCores = sc.getConf().getInt("spark.executor.cores", sc.defaultParallelism() / executors);
        return executors * Math.max(1, executorCores / sc.getConf().getInt("spark.task.cpus", 1));
    }

    /** The cores of a {@code local[N]} master, 0 for a cluster. */
    public static int localCores(String master) {
        Matcher m = LOCAL.matcher(master);
        if (!m.matches()) {
            return 0;
        }
        if (m.group(1) == null) {
            return 1;
        }
        return m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
    }

    /** Every setting, with the values of secret-looking keys replaced as Spark's UI does. */
    static Map<String, String> redacted(SparkConf conf) {
        Pattern secret = Pattern.compile(conf.get("spark.redaction.regex", DEFAULT_REDACTION));
        Map<String, String> out = new TreeMap<>();
        for (scala.Tuple2<String, String> kv : conf.getAll()) {
            boolean hide =
                    secret.matcher(kv._1()).find() || secret.matcher(kv._2()).find();
            out.put(kv._1(), hide ? "*********(redacted)" : kv._2());
        }
        return out;
    }
}
