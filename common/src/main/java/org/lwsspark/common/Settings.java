package org.lwsspark.common;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * HOCON settings as every command reads them: the defaults that ship in a jar ({@code conf/prep.conf},
 * {@code conf/train.conf}), a user's {@code --conf} file on top, then single keys from the command line. Every error
 * is an {@link IllegalArgumentException} that names the file, line or key at fault: a missing or malformed file, a
 * key that the defaults do not have (a typo would otherwise be ignored), a value of the wrong type. A {@code --conf}
 * file takes keys in the form {@code --set} does, relative to the command's section, or absolute.
 */
public final class Settings {
    private Settings() {}

    /**
     * The merged settings, resolved.
     *
     * @param resource  the defaults on the classpath, e.g. "prep.conf"
     * @param root      the section they define, e.g. "lws.prep"; keys outside it are not judged
     * @param userFile  the {@code --conf} file, or null
     * @param overrides keys from the command line (absolute paths), highest priority; may be empty
     */
    public static Config load(String resource, String root, File userFile, Config overrides) {
        Config defaults = ConfigFactory.parseResources(Settings.class.getClassLoader(), resource);
        if (!defaults.hasPath(root)) {
            throw new IllegalStateException(resource + " is not on the classpath or has no " + root);
        }
        if (userFile != null && !userFile.isFile()) {
            throw new IllegalArgumentException("--conf " + userFile + ": no such file");
        }
        Config user = userFile == null ? overrides : overrides.withFallback(read(userFile, root));
        refuseUnknownKeys(user, defaults, root, resource);
        return read(() -> user.withFallback(defaults).resolve());
    }

    /**
     * {@code --set key=value} options as one override, the last one first: keys relative to {@code root}
     * ({@code optimizer.lr}) or absolute ({@code lws.train.optimizer.lr}), values in HOCON.
     */
    public static Config sets(List<String> sets, String root) {
        Config overrides = ConfigFactory.empty();
        for (String set : sets) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--set " + set + ": expected key=value, e.g. --set a.b=1");
            }
            String key = set.substring(0, eq).trim();
            String path = key.startsWith(root + ".") ? key : root + "." + key;
            try {
                overrides = ConfigFactory.parseString(
                                path + " = " + set.substring(eq + 1),
                                ConfigParseOptions.defaults().setOriginDescription("--set " + key))
                        .withFallback(overrides);
            } catch (ConfigException e) {
                throw new IllegalArgumentException("--set " + set + ": " + e.getMessage(), e);
            }
        }
        return overrides;
    }

    /**
     * A {@code --conf} file. Keys under {@code lws} are absolute ({@code lws.train.optimizer.lr},
     * {@code lws.models.sizes...}); any other key is relative to {@code root}, the form {@code --set} takes
     * ({@code optimizer.lr = 1e-3}). Where a file gives a setting in both forms, the absolute one holds.
     */
    private static Config read(File file, String root) {
        try {
            Config parsed = ConfigFactory.parseFile(file);
            String top = root.substring(0, root.indexOf('.') < 0 ? root.length() : root.indexOf('.'));
            Config relative = parsed.withoutPath(top);
            return parsed.withOnlyPath(top).withFallback(relative.atPath(root));
        } catch (ConfigException e) {
            throw new IllegalArgumentException("--conf " + e.getMessage(), e); // "FILE: LINE: what is wrong"
        }
    }

    /** What {@code reading} returns, with a value of the wrong type reported by its file, line and key. */
    public static <T> T read(Supplier<T> reading) {
        try {
            return reading.get();
        } catch (ConfigException e) {
            // Typesafe's messages start with the origin: "FILE: LINE: KEY has type STRING rather than NUMBER".
            throw new IllegalArgumentException("setting " + e.getMessage(), e);
        }
    }

    private static void refuseUnknownKeys(Config overrides, Config defaults, String root, String resource) {
        Set<String> known = new TreeSet<>();
        defaults.getConfig(root).entrySet().forEach(e -> known.add(e.getKey()));
        for (Map.Entry<String, ConfigValue> e : overrides.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(root + ".")) {
                continue; // other sections (e.g. lws.models) are not ours to judge
            }
            String relative = key.substring(root.length() + 1);
            if (!known.contains(relative)) {
                throw new IllegalArgumentException("unknown setting '" + relative + "' (from "
                        + e.getValue().origin().description() + "); the settings are those of conf/" + resource
                        + ": " + known);
            }
        }
    }
}
