package org.lwsspark.train;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SecurityManager;
import org.apache.spark.SparkConf;
import org.apache.spark.internal.config.package$;
import org.apache.spark.network.TransportContext;
import org.apache.spark.network.client.TransportClientBootstrap;
import org.apache.spark.network.client.TransportClientFactory;
import org.apache.spark.network.crypto.AuthClientBootstrap;
import org.apache.spark.network.netty.SparkTransportConf;
import org.apache.spark.network.sasl.SaslClientBootstrap;
import org.apache.spark.network.server.NoOpRpcHandler;
import org.apache.spark.network.util.TransportConf;
import scala.Option;

/**
 * Checks, before a Spark context is created, that a standalone master will admit this application's
 * authentication. Spark's own client does not say why a master refuses it: it retries registering three times, 20
 * seconds apart, then stops the context with "All masters are unresponsive". One authentication handshake with the
 * master tells within a second: a master that requires authentication closes the connection of a client whose
 * secret is wrong, while a master without authentication answers the handshake with an RPC error.
 */
public final class StandaloneAdmission {

    private static final Pattern STANDALONE = Pattern.compile("spark://([^:/,]+):(\\d+)");
    private static final List<String> HANDSHAKE_LOGGERS = List.of(
            "org.apache.spark.network.client.TransportClientFactory",
            "org.apache.spark.network.client.TransportClient",
            "org.apache.spark.network.client.TransportResponseHandler");

    private StandaloneAdmission() {}

    /** Refuses, in one line, a submission that the standalone master at {@code spark.master} would not admit. */
    public static void require(SparkConf conf) {
        Matcher master = STANDALONE.matcher(conf.get("spark.master", ""));
        if (!master.matches()) {
            return;
        }
        String host = master.group(1);
        int port = Integer.parseInt(master.group(2));
        boolean authenticating = conf.getBoolean("spark.authenticate", false);
        Handshake answer = handshake(authenticating ? conf : withRandomSecret(conf), host, port);
        if (answer == Handshake.NO_ANSWER) {
            throw new IllegalStateException("the Spark master " + conf.get("spark.master") + " does not answer: is it "
                    + "running, and is spark.master right?");
        }
        if (answer == Handshake.CLOSED && authenticating) {
            throw new IllegalStateException("authentication with the Spark master " + conf.get("spark.master")
                    + " failed: spark.authenticate.secret is not the cluster's secret");
        }
        if (answer == Handshake.CLOSED) {
            throw new IllegalStateException("authentication with the Spark master " + conf.get("spark.master")
                    + " failed: the cluster requires it and this submission has no secret (set spark.authenticate "
                    + "and spark.authenticate.secret, e.g. with --properties-file)");
        }
    }

    /** How a master answers an authentication handshake. */
    private enum Handshake {
        /** It authenticates and the secret is right, or it does not authenticate and answered with an RPC error. */
        ADMITTED,
        /** It authenticates and closed the connection: the secret is wrong. */
        CLOSED,
        /** Nothing accepts connections at its address. */
        NO_ANSWER
    }

    private static Handshake handshake(SparkConf conf, String host, int port) {
        TransportConf transport = SparkTransportConf.fromSparkConf(conf, "rpc", 1, Option.empty());
        SecurityManager security =
                new SecurityManager(conf, Option.empty(), package$.MODULE$.AUTH_SECRET_FILE_DRIVER());
        security.initializeAuth();
        TransportClientBootstrap bootstrap = security.isEncryptionEnabled()
                ? new AuthClientBootstrap(transport, security.getSaslUser(), security)
                : new SaslClientBootstrap(transport, security.getSaslUser(), security);
        Map<String, Level> levels = silence(HANDSHAKE_LOGGERS);
        try (TransportContext context = new TransportContext(transport, new NoOpRpcHandler());
                TransportClientFactory clients = context.createClientFactory(List.of(bootstrap))) {
            clients.createUnmanagedClient(host, port).close();
            return Handshake.ADMITTED;
        } catch (IOException e) {
            return Handshake.NO_ANSWER;
        } catch (RuntimeException e) {
            return connectionClosed(e) ? Handshake.CLOSED : Handshake.ADMITTED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the Spark master", e);
        } finally {
            levels.forEach(Configurator::setLevel);
        }
    }

    /** A refused handshake is the answer looked for here, not an error for the console. */
    private static Map<String, Level> silence(List<String> loggers) {
        Map<String, Level> before = new HashMap<>();
        for (String name : loggers) {
            before.put(name, LogManager.getLogger(name).getLevel());
            Configurator.setLevel(name, Level.OFF);
        }
        return before;
    }

    /** A remote error arrives as a RuntimeException without cause; a closed connection has an IOException in it. */
    private static boolean connectionClosed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static SparkConf withRandomSecret(SparkConf conf) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return conf.clone()
                .set("spark.authenticate", "true")
                .set("spark.network.crypto.enabled", "true")
                .set("spark.authenticate.secret", Base64.getEncoder().encodeToString(secret));
    }
}
