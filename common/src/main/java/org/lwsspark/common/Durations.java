package org.lwsspark.common;

import java.util.Locale;

/** Durations as people read them on a console. */
public final class Durations {

    private Durations() {}

    /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
    public static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
