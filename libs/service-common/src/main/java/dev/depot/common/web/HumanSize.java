package dev.depot.common.web;

import java.util.Locale;

/**
 * A byte count as people read it, the way CDN clients expect {@code file_size_human} and
 * {@code total_size_human}: 1024-based, one decimal, B to TB ({@code "512.0 B"}, {@code "1.5 MB"},
 * {@code "2048.0 TB"}). A value just under a unit stays in the smaller one ({@code "1024.0 KB"} for
 * 1,048,575 bytes): the unit is chosen before rounding, and clients compare these strings as they are.
 */
public final class HumanSize {

    private static final String[] UNITS = {"B", "KB", "MB", "GB"};

    private HumanSize() {}

    public static String of(long bytes) {
        double size = bytes;
        for (String unit : UNITS) {
            if (size < 1024) {
                return format(size, unit);
            }
            size /= 1024;
        }
        return format(size, "TB");
    }

    private static String format(double size, String unit) {
        return String.format(Locale.ROOT, "%.1f %s", size, unit);
    }
}
