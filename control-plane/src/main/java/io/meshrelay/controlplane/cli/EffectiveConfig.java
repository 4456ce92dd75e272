package io.meshrelay.controlplane.cli;

import io.meshrelay.controlplane.config.ConfigSources;
import io.meshrelay.controlplane.config.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** Writes the effective settings of a run command as YAML, each line saying where its value came from. */
final class EffectiveConfig {
    private EffectiveConfig() {
    }

    /**
     * @param computed values derived at start for options left unset (e.g. node-id from the host name)
     */
    static void print(CommandSpec spec, ConfigSources sources, Map<String, String> computed, PrintWriter out) {
        ParseResult parsed = spec.commandLine().getParseResult();
        List<String[]> rows = new ArrayList<>();
        int width = 0;
        for (OptionSpec o : spec.options()) {
            String key = ConfigSources.keyOf(o);
            if (key == null) {
                continue;
            }
            Object value = o.getValue();
            String origin = sources.describeOrigin(o, parsed);
            String text;
            if (value == null && computed.containsKey(key)) {
                text = key + ": " + quote(computed.get(key));
                origin = "computed at start";
            } else if (value == null) {
                text = "# " + key + ":";
                origin = "unset";
            } else {
                text = key + ": " + quote(format(value));
            }
            rows.add(new String[] {text, origin});
            width = Math.max(width, text.length());
        }
        out.println("# effective configuration of 'meshrelay " + spec.qualifiedName(" ").replaceFirst("^\\S+ ", "")
                + "' (flag > env > file > default)");
        if (sources.file() != null) {
            out.println("# config file: " + sources.file().path());
        }
        for (String[] r : rows) {
            out.println(r[0] + " ".repeat(width - r[0].length() + 2) + "# " + r[1]);
        }
        out.flush();
    }

    static String format(Object value) {
        if (value instanceof Duration) {
            return Durations.format((Duration) value);
        }
        if (value instanceof Enum) {
            return ((Enum<?>) value).name().toLowerCase(Locale.ROOT);
        }
        if (value instanceof Collection) {
            List<String> parts = new ArrayList<>();
            for (Object o : (Collection<?>) value) {
                parts.add(format(o));
            }
            return String.join(",", parts);
        }
        return String.valueOf(value);
    }

    /** Quotes what YAML would otherwise read as something else (empty, leading specials, ': ', '#'). */
    private static String quote(String s) {
        if (s.isEmpty() || s.contains(": ") || s.contains(" #") || s.startsWith("[") || s.startsWith("{")
                || s.startsWith("*") || s.startsWith("&") || s.startsWith("!") || s.startsWith("'")
                || s.startsWith("\"") || s.startsWith("%") || s.startsWith("@") || s.startsWith("`")
                || s.startsWith(" ") || s.endsWith(" ")) {
            return "'" + s.replace("'", "''") + "'";
        }
        return s;
    }
}
