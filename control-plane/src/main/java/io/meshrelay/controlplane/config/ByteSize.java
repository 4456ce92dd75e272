package io.meshrelay.controlplane.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A byte count as operators write it: {@code 4MiB}, {@code 256KiB}, {@code 4MB}, {@code 262144}. */
public record ByteSize(long bytes) {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|kib|k|mb|mib|m|gb|gib|g)?");

    public ByteSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
    }

    public static ByteSize parse(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (e.g. 262144, 256KiB, 4MiB)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        long mult;
        switch (unit) {
            case "b": mult = 1; break;
            case "kb": mult = 1000; break;
            case "k": case "kib": mult = 1024; break;
            case "mb": mult = 1000_000; break;
            case "m": case "mib": mult = 1024 * 1024; break;
            case "gb": mult = 1000_000_000; break;
            default: mult = 1024L * 1024 * 1024; break;
        }
        return new ByteSize(Math.multiplyExact(n, mult));
    }

    /** Clamped to int, for socket options. */
    public int asInt() {
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    @Override
    public String toString() {
        if (bytes != 0 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + "MiB";
        }
        if (bytes != 0 && bytes % 1024 == 0) {
            return bytes / 1024 + "KiB";
        }
        return Long.toString(bytes);
    }
}
