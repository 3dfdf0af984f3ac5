package org.lwsspark.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Properties;

/**
 * Where a checkpoint, a training run or a prep output came from: the lws-spark build and commit that wrote it, when,
 * and on which runtime. The version comes from Maven ({@code lws-build.properties}); the commit and the build time
 * come from whoever launched the JVM ({@code -Dlws.git.commit} and {@code -Dlws.build.time}, which {@code ./lws}
 * sets, or {@code LWS_GIT_COMMIT} and {@code LWS_BUILD_TIME}, which the deploy scripts set): a jar cannot know the
 * checkout it runs from, and one that recorded its own build time would change at every build.
 *
 * @param lwsVersion  the project version (from the build)
 * @param gitCommit   the commit of the launcher's checkout ("-dirty" when it had changes), or "unknown"
 * @param buildTime   when the launcher built the jars (ISO-8601, UTC), or "unknown"
 * @param createdAt   when this was written (ISO-8601 instant)
 * @param javaVersion the JVM that wrote it
 * @param dl4jVersion the DL4J core version of the build
 */
public record Provenance(
        String lwsVersion,
        String gitCommit,
        String buildTime,
        String createdAt,
        String javaVersion,
        String dl4jVersion) {

    private static final Properties BUILD = build();

    /** The provenance of something written now, by this process. */
    public static Provenance now() {
        return new Provenance(
                BUILD.getProperty("version", "unknown"),
                launcherSetting("lws.git.commit", "LWS_GIT_COMMIT"),
                launcherSetting("lws.build.time", "LWS_BUILD_TIME"),
                Instant.now().toString(),
                System.getProperty("java.version"),
                BUILD.getProperty("dl4j.version", "unknown"));
    }

    /** One line for logs, manifests and {@code --version}: "lws-spark 0.1.0 (commit abc123, built ...)". */
    public String summary() {
        return "lws-spark " + lwsVersion + " (commit " + gitCommit + ", built " + buildTime + ")";
    }

    private static String launcherSetting(String property, String environment) {
        return System.getProperty(property, System.getenv().getOrDefault(environment, "unknown"));
    }

    private static Properties build() {
        Properties p = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("/lws-build.properties")) {
            if (in == null) {
                throw new IllegalStateException(
                        "lws-build.properties is not on the classpath (it ships in the " + "lws-common jar)");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read lws-build.properties from the classpath", e);
        }
        return p;
    }
}
