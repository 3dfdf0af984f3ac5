package org.lwsspark.deploy;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.internal.config.ConfigEntry;
import org.apache.spark.internal.config.ConfigEntry$;
import scala.Tuple2;
import scala.collection.JavaConverters;

/**
 * Whether Spark 3.5 accepts a configuration key, asked of Spark itself: its registry of config definitions
 * ({@code ConfigEntry.findEntry}, after loading core's, SQL's, YARN's and Kubernetes' config objects), its
 * deprecations ({@code SparkConf.deprecatedConfigs}, the alternatives of {@code SparkConf.configsWithAlternatives}
 * and of every entry), and YARN's refusal of resource types Spark maps itself
 * ({@code ResourceRequestHelper.validateResources}).
 *
 * <p>Some keys Spark reads by prefix and defines no entry for; those are the patterns below, each with the Spark
 * class that reads it, plus the {@code *_PREFIX} constants of Kubernetes' {@code Config} (labels, annotations, secrets,
 * volumes...). A key none of these accept is unknown: Spark would ignore it, silently.
 */
final class SparkConfKeys {

    /** The config objects whose loading registers their entries (each {@code ConfigBuilder.create} does). */
    private static final List<String> CONFIG_OBJECTS = List.of(
            "org.apache.spark.internal.config.package$",
            "org.apache.spark.internal.config.Deploy$",
            "org.apache.spark.internal.config.History$",
            "org.apache.spark.internal.config.Kryo$",
            "org.apache.spark.internal.config.Network$",
            "org.apache.spark.internal.config.Python$",
            "org.apache.spark.internal.config.R$",
            "org.apache.spark.internal.config.Status$",
            "org.apache.spark.internal.config.Streaming$",
            "org.apache.spark.internal.config.Tests$",
            "org.apache.spark.internal.config.UI$",
            "org.apache.spark.internal.config.Worker$",
            "org.apache.spark.sql.internal.SQLConf$",
            "org.apache.spark.sql.internal.StaticSQLConf$",
            "org.apache.spark.deploy.yarn.config.package$",
            "org.apache.spark.deploy.k8s.Config$");

    /** Keys Spark reads by name or prefix without a ConfigEntry, and where. */
    private static final List<Pattern> READ_WITHOUT_ENTRY = List.of(
            // SparkContext, SparkSubmit: the master and the application's name have no entry.
            Pattern.compile("spark\\.master|spark\\.app\\.name"),
            // ResourceUtils (ResourceID.amountConf, discoveryScriptConf, vendorConf): resources of any name.
            Pattern.compile("spark\\.(driver|executor)\\.resource\\.[^.]+\\.(amount|discoveryScript|vendor)"),
            Pattern.compile("spark\\.task\\.resource\\.[^.]+\\.amount"),
            Pattern.compile("spark\\.worker\\.resource\\.[^.]+\\.(amount|discoveryScript)"),
            // SparkConf.getExecutorEnv; YARN's Client (the application master's environment).
            Pattern.compile("spark\\.executorEnv\\..+"),
            Pattern.compile("spark\\.yarn\\.appMasterEnv\\..+"),
            // SparkHadoopUtil: copied into the Hadoop Configuration.
            Pattern.compile("spark\\.hadoop\\..+"),
            // YARN's custom resource types (ResourceRequestHelper.getYarnResourcesAndAmounts): .amount only; the
            // names Spark maps itself are refused by validateResources, checked separately.
            Pattern.compile("spark\\.yarn\\.(am|driver|executor)\\.resource\\..+\\.amount"));

    private static final Pattern YARN_RESOURCE = Pattern.compile("spark\\.yarn\\.(am|driver|executor)\\.resource\\..+");

    private final Map<String, String> deprecated = new HashMap<>();
    private final List<String> prefixes = new ArrayList<>();
    private final Method validateYarnResources;
    private final Object yarnResourceHelper;

    SparkConfKeys() throws ReflectiveOperationException {
        ClassLoader loader = getClass().getClassLoader();
        for (String object : CONFIG_OBJECTS) {
            Class.forName(object, true, loader);
        }
        Class<?> k8s = Class.forName("org.apache.spark.deploy.k8s.Config$", true, loader);
        Object k8sConfig = k8s.getField("MODULE$").get(null);
        for (Method m : k8s.getMethods()) {
            if (m.getName().endsWith("_PREFIX") && m.getParameterCount() == 0 && m.getReturnType() == String.class) {
                String prefix = (String) m.invoke(k8sConfig);
                if (prefix.startsWith("spark.") && prefix.endsWith(".")) {
                    prefixes.add(prefix);
                }
            }
        }

        Object sparkConf = SparkConf.class
                .getClassLoader()
                .loadClass("org.apache.spark.SparkConf$")
                .getField("MODULE$")
                .get(null);
        // SparkConf's companion keeps both tables private (DeprecatedConfig, AlternateConfig are private classes).
        Map<String, Object> deprecatedConfigs = JavaConverters.mapAsJavaMap(field(sparkConf, "deprecatedConfigs"));
        for (var e : deprecatedConfigs.entrySet()) {
            deprecated.put(
                    e.getKey(),
                    "deprecated since Spark " + call(e.getValue(), "version") + ": "
                            + call(e.getValue(), "deprecationMessage"));
        }
        Map<String, Tuple2<String, Object>> alternatives =
                JavaConverters.mapAsJavaMap(field(sparkConf, "allAlternatives"));
        for (var e : alternatives.entrySet()) {
            deprecated.put(
                    e.getKey(),
                    "deprecated since Spark " + call(e.getValue()._2(), "version") + ": use "
                            + e.getValue()._1());
        }
        for (ConfigEntry<?> entry : ConfigEntry$.MODULE$.knownConfigs().values()) {
            for (String old : JavaConverters.seqAsJavaList(entry.alternatives())) {
                deprecated.putIfAbsent(old, "deprecated: use " + entry.key());
            }
        }

        Class<?> helper = Class.forName("org.apache.spark.deploy.yarn.ResourceRequestHelper$", true, loader);
        yarnResourceHelper = helper.getField("MODULE$").get(null);
        validateYarnResources = helper.getMethod("validateResources", SparkConf.class);
    }

    /** How many entries Spark's registry holds (a registry that failed to load would accept nothing). */
    int registered() {
        return ConfigEntry$.MODULE$.knownConfigs().size();
    }

    /** Empty when Spark 3.5 accepts {@code key}; otherwise why not. */
    Optional<String> problem(String key) {
        if (deprecated.containsKey(key)) {
            return Optional.of(deprecated.get(key));
        }
        if (key.startsWith("spark.akka") || key.startsWith("spark.ssl.akka")) {
            return Optional.of("deprecated: Akka is no longer used by Spark");
        }
        if (YARN_RESOURCE.matcher(key).matches()) {
            Optional<String> refused = refusedOnYarn(key);
            if (refused.isPresent()) {
                return refused;
            }
        }
        if (ConfigEntry$.MODULE$.findEntry(key) != null
                || READ_WITHOUT_ENTRY.stream().anyMatch(p -> p.matcher(key).matches())
                || prefixes.stream().anyMatch(p -> key.startsWith(p) && key.length() > p.length())) {
            return Optional.empty();
        }
        return Optional.of("unknown to Spark 3.5 (no config definition, no prefix Spark reads)");
    }

    private Optional<String> refusedOnYarn(String key) {
        try {
            validateYarnResources.invoke(yarnResourceHelper, new SparkConf(false).set(key, "1"));
            return Optional.empty();
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return Optional.of("refused by Spark on YARN: " + cause.getMessage().strip());
        }
    }

    private static Object call(Object owner, String method) throws ReflectiveOperationException {
        Method m = owner.getClass().getMethod(method);
        m.setAccessible(true);
        return m.invoke(owner);
    }

    @SuppressWarnings("unchecked")
    private static <T> T field(Object owner, String name) throws ReflectiveOperationException {
        Field f = owner.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return (T) f.get(owner);
    }
}
