package org.lwsspark.common;

/** What a failure comes down to: Spark wraps a task's failure several times, and the user needs the innermost. */
public final class Causes {
    private Causes() {}

    /** "ExceptionClass: message" of the innermost cause, or the message of {@code e} when it has no cause. */
    public static String innermost(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
