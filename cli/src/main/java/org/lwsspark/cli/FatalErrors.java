package org.lwsspark.cli;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ends the driver's JVM on an error that no code will ever see: an {@code OutOfMemoryError} (or any uncaught
 * throwable) in a thread that is not the training loop's, such as Spark's {@code task-result-getter}, the broadcast
 * and block manager threads, or the listener bus. Spark lets such a thread die, and the job that waited on it waits
 * for ever: measured at the paper's size, an OOM in {@code task-result-getter-1} left the application at 0% CPU
 * until it was killed.
 *
 * <p>One line says which thread failed and why, then the JVM exits with 1. Checkpoints are written to a hidden
 * directory and renamed into place, so the newest complete one stays usable for {@code --resume}. Shutdown hooks
 * (Spark's among them) get {@value #SHUTDOWN_GRACE_SECONDS} s; then the JVM halts.
 */
final class FatalErrors {

    static final int SHUTDOWN_GRACE_SECONDS = 20;

    private static final AtomicBoolean ENDING = new AtomicBoolean();

    private FatalErrors() {}

    /** From now on, an uncaught throwable in any thread but {@code main} ends the JVM. */
    static void install(String command, PrintStream console) {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            if (thread.getName().equals("main")) {
                if (previous != null) {
                    previous.uncaughtException(thread, error);
                }
                return;
            }
            end(command, console, thread, error);
        });
    }

    /** Whether a fatal error is ending the JVM: its line is printed already, nothing else need be. */
    static boolean ending() {
        return ENDING.get();
    }

    /** The line printed for {@code error} in {@code thread}. */
    static String describe(String command, Thread thread, Throwable error) {
        String what = error instanceof OutOfMemoryError
                ? "out of memory (" + error.getMessage() + ") in thread " + thread.getName()
                        + ": raise the driver's memory (LWS_HEAP for the Java heap, spark.driver.memory under "
                        + "spark-submit; -Dorg.bytedeco.javacpp.maxbytes in LWS_JAVA_OPTS for ND4J's off-heap memory)"
                : error.getClass().getName() + " in thread " + thread.getName() + ": " + error.getMessage();
        return "lws" + (command.isEmpty() ? "" : " " + command) + ": " + what
                + (command.equals("train")
                        ? "; the run stopped (continue it from its newest checkpoint with --resume)"
                        : "");
    }

    private static void end(String command, PrintStream console, Thread thread, Throwable error) {
        if (!ENDING.compareAndSet(false, true)) {
            return;
        }
        console.println(describe(command, thread, error));
        console.flush();
        Thread halt = new Thread(
                () -> {
                    try {
                        TimeUnit.SECONDS.sleep(SHUTDOWN_GRACE_SECONDS);
                    } catch (InterruptedException ignored) {
                        // halting anyway
                    }
                    Runtime.getRuntime().halt(1);
                },
                "lws-halt");
        halt.setDaemon(true);
        halt.start();
        // exit() blocks this thread for good; another thread runs the shutdown hooks.
        new Thread(() -> System.exit(1), "lws-exit").start();
    }
}
