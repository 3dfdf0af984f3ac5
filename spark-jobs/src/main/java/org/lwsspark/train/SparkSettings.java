package org.lwsspark.train;

import org.apache.spark.SparkConf;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Spark settings a training application starts with, and what run.json may show of them. */
public final class SparkSettings {

    /** Spark's own default of {@code spark.redaction.regex}: values of matching keys never leave the driver. */
    private static final String DEFAULT_REDACTION = "(?i)secret|password|token|access[.]key";
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\d+)?])?");

    private SparkSettings() {
    }

    /**
     * The defaults of a training application; anything spark-submit or {@code spark-defaults.conf} already set
     * wins. Kryo with {@link LwsKryoRegistrator} carries the parameters and Adam state of every round.
     */
    public static SparkConf forTraining(String appName, String master) {
        SparkConf conf = new SparkConf()
                .setAppName(appName)
                .setIfMissing("spark.master", master)
                .setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .setIfMissing("spark.ui.showConsoleProgress", "false");
        // After whatever registrators the user configured (the last registration of a class wins): the trainer's
        // are needed whenever Kryo is the serializer.
        String ours = LwsKryoRegistrator.class.getName();
        String registrators = conf.get("spark.kryo.registrator", "");
        if (!registrators.contains(ours)) {
            registrators = registrators.isEmpty() ? ours : registrators + "," + ours;
        }
        return conf.set("spark.kryo.registrator", registrators);
    }

    /** The cores of a {@code local[N]} master, 0 for a cluster. */
    static int localCores(String master) {
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
            boolean hide = secret.matcher(kv._1()).find() || secret.matcher(kv._2()).find();
            out.put(kv._1(), hide ? "*********(redacted)" : kv._2());
        }
        return out;
    }
}
