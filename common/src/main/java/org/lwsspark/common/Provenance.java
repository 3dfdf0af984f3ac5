package org.lwsspark.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Properties;

/**
 * Where a checkpoint, a training run or a prep output came from: the lws-spark build and commit that wrote it, when,
 * and on which runtime. The build's version and time come from Maven ({@code lws-build.properties}); the commit
 * comes from whoever launched the JVM ({@code -Dlws.git.commit}, which {@code ./lws} sets, or {@code
 * LWS_GIT_COMMIT}, which the deploy scripts set), because a built jar cannot know the checkout it runs from.
 *
 * @param lwsVersion  the project version (from the build)
 * @param gitCommit   the commit of the launcher's checkout ("-dirty" when it had changes), or "unknown"
 * @param buildTime   when the jar was built (ISO-8601, UTC)
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
                System.getProperty("lws.git.commit", System.getenv().getOrDefault("LWS_GIT_COMMIT", "unknown")),
                BUILD.getProperty("build.time", "unknown"),
                Instant.now().toString(),
                System.getProperty("java.version"),
                BUILD.getProperty("dl4j.version", "unknown"));
    }

    /** One line for logs, manifests and {@code --version}: "lws-spark 0.1.0 (commit abc123, built ...)". */
    public String summary() {
        return "lws-spark " + lwsVersion + " (commit " + gitCommit + ", built " + buildTime + ")";
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
