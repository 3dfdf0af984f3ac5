package org.lwsspark.train.resources;

import java.util.Locale;

/** Byte counts as people read them, in binary units (what {@code -Xmx} and {@code free -h} use). */
public final class ByteUnits {

    private ByteUnits() {}

    /** {@code 1.23 GiB}, {@code 456.7 MiB}, {@code 12.0 KiB} or {@code 512 B}. */
    public static String format(long bytes) {
        double b = bytes;
        if (Math.abs(b) >= 1L << 30) {
            return String.format(Locale.ROOT, "%.2f GiB", b / (1L << 30));
        }
        if (Math.abs(b) >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", b / (1L << 20));
        }
        if (Math.abs(b) >= 1L << 10) {
            return String.format(Locale.ROOT, "%.1f KiB", b / (1L << 10));
        }
        return bytes + " B";
    }
}
