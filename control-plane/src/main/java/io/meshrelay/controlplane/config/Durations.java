package io.meshrelay.controlplane.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators write them: {@code 250ms}, {@code 2s}, {@code 1.5s}, {@code 5m}, {@code 1h}, or ISO-8601 {@code PT2S}. */
public final class Durations {
    private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(us|ms|s|m|h)");

    private Durations() {
    }

    public static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SIMPLE.matcher(t);
        if (m.matches()) {
            double n = Double.parseDouble(m.group(1));
            double nanosPerUnit;
            switch (m.group(2)) {
                case "us": nanosPerUnit = 1e3; break;
                case "ms": nanosPerUnit = 1e6; break;
                case "s": nanosPerUnit = 1e9; break;
                case "m": nanosPerUnit = 60e9; break;
                default: nanosPerUnit = 3600e9; break;
            }
            return Duration.ofNanos(Math.round(n * nanosPerUnit));
        }
        if (t.startsWith("pt") || t.startsWith("p")) {
            try {
                return Duration.parse(text.trim());
            } catch (DateTimeParseException e) {
                // fall through to the common message
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 250ms, 2s, 5m)");
    }

    /** The shortest exact form, e.g. {@code 250ms}, {@code 2s}, {@code 5m}. */
    public static String format(Duration d) {
        long ns = d.toNanos();
        if (ns != 0 && ns % 3_600_000_000_000L == 0) {
            return ns / 3_600_000_000_000L + "h";
        }
        if (ns != 0 && ns % 60_000_000_000L == 0) {
            return ns / 60_000_000_000L + "m";
        }
        if (ns % 1_000_000_000L == 0) {
            return ns / 1_000_000_000L + "s";
        }
        if (ns % 1_000_000L == 0) {
            return ns / 1_000_000L + "ms";
        }
        return ns / 1_000L + "us";
    }
}
