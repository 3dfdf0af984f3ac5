package org.lwsspark.model.plan;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.TreeSet;

/** The named profiles and sizes of {@code conf/lws-models.conf} (on the classpath as {@code lws-models.conf}). */
public final class Presets {

    public static final String RESOURCE = "lws-models.conf";
    private static final String ROOT = "lws.models";

    private final Config models;

    private Presets(Config models) {
        this.models = models;
    }

    /** The presets shipped with lws-spark. */
    public static Presets builtIn() {
        return from(ConfigFactory.parseResources(RESOURCE));
    }

    /** Presets from a config that holds {@code lws.models}, with the built-in ones as fallback. */
    public static Presets from(Config config) {
        Config merged =
                config.withFallback(ConfigFactory.parseResources(RESOURCE)).resolve();
        if (!merged.hasPath(ROOT)) {
            throw new IllegalStateException("no '" + ROOT + "' section: is " + RESOURCE + " on the classpath?");
        }
        return new Presets(merged.getConfig(ROOT));
    }

    public List<String> profileNames() {
        return List.copyOf(new TreeSet<>(models.getConfig("profiles").root().keySet()));
    }

    public List<String> sizeNames() {
        return List.copyOf(new TreeSet<>(models.getConfig("sizes").root().keySet()));
    }

    public LwsProfile profile(String name) {
        Config c = section("profile", "profiles", name, profileNames());
        try {
            return new LwsProfile(
                    name,
                    c.getInt("layers"),
                    c.getDoubleList("beta"),
                    c.getDoubleList("alpha"),
                    c.getBoolean("framed"));
        } catch (ConfigException e) {
            throw invalid("profile", name, e);
        }
    }

    public ModelSize size(String name) {
        Config c = section("size", "sizes", name, sizeNames());
        try {
            return new ModelSize(
                    name,
                    c.getInt("d-model"),
                    c.getInt("head-dim"),
                    c.getInt("gqa-group"),
                    c.getInt("ffn-multiple"),
                    c.getInt("vocab-size"),
                    c.getDouble("rope-theta"),
                    c.getDouble("norm-eps"),
                    c.getDouble("init-std"));
        } catch (ConfigException e) {
            throw invalid("size", name, e);
        }
    }

    private Config section(String kind, String group, String name, List<String> known) {
        String path = group + ".\"" + name + "\"";
        if (!models.hasPath(path)) {
            throw new IllegalArgumentException("unknown " + kind + " '" + name + "'; known: " + known);
        }
        return models.getConfig(path);
    }

    private static IllegalArgumentException invalid(String kind, String name, ConfigException e) {
        return new IllegalArgumentException(
                kind + " '" + name + "' in " + e.origin().description() + ": " + e.getMessage(), e);
    }

    public ModelPlan plan(String profile, String size) {
        return LwsRules.plan(profile(profile), size(size));
    }
}
