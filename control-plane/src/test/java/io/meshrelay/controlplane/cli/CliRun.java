package io.meshrelay.controlplane.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** One in-process run of the {@code meshrelay} command with a given environment, output captured. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Meshrelay.execute(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    static CliRun of(String... args) {
        return of(Map.of(), args);
    }

    /** The line of --print-config output for {@code key}, e.g. {@code "trunk-port: 7000  # flag --trunk-port"}. */
    String configLine(String key) {
        for (String line : out.split("\n")) {
            if (line.startsWith(key + ":")) {
                return line.replaceAll("\\s+", " ");
            }
        }
        throw new AssertionError("no line for " + key + " in:\n" + out + err);
    }
}
