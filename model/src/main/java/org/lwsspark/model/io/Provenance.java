package org.lwsspark.model.io;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Properties;

/**
 * Where a model came from: the lws-spark version and commit that wrote it, when, and on which runtime.
 *
 * @param lwsVersion  the project version (from the build)
 * @param gitCommit   the commit of the launcher's checkout, or "unknown"
 * @param createdAt   ISO-8601 instant
 * @param javaVersion the JVM that wrote it
 * @param dl4jVersion the DL4J core version
 */
public record Provenance(String lwsVersion, String gitCommit, String createdAt, String javaVersion,
                         String dl4jVersion) {

    /** The provenance of something written now, by this process. */
    public static Provenance now() {
        Properties build = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("/lws-build.properties")) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read lws-build.properties from the classpath", e);
        }
        return new Provenance(build.getProperty("version", "unknown"),
                System.getProperty("lws.git.commit", System.getenv().getOrDefault("LWS_GIT_COMMIT", "unknown")),
                Instant.now().toString(), System.getProperty("java.version"),
                build.getProperty("dl4j.version", "unknown"));
    }
}
