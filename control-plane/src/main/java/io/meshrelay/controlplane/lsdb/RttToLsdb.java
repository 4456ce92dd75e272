package io.meshrelay.controlplane.lsdb;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code scripts/rtt-to-lsdb}: writes the LSDB snapshot an RTT matrix describes, so an engineer
 * can edit loads, bandwidths or regions before a what-if run. Exit codes as {@code meshrelay}:
 * 0 ok, 2 usage or input error (one line). Runs on the main thread.
 */
public final class RttToLsdb {
    private static final String USAGE = "usage: rtt-to-lsdb [--regions K] RTT.json [OUT.json]   (default K: "
            + RttMatrix.DEFAULT_REGIONS + "; OUT defaults to standard output)";

    private RttToLsdb() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        int regions = RttMatrix.DEFAULT_REGIONS;
        Path in = null;
        Path target = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                out.println(USAGE);
                return 0;
            } else if (a.equals("--regions") || a.startsWith("--regions=")) {
                String v = a.contains("=") ? a.substring(a.indexOf('=') + 1) : i + 1 < args.length ? args[++i] : "";
                try {
                    regions = Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    regions = 0;
                }
                if (regions < 1) {
                    err.println("rtt-to-lsdb: --regions: '" + v + "' must be a whole number >= 1");
                    return 2;
                }
            } else if (a.startsWith("-")) {
                err.println("rtt-to-lsdb: unknown option '" + a + "'; " + USAGE);
                return 2;
            } else if (in == null) {
                in = Path.of(a);
            } else if (target == null) {
                target = Path.of(a);
            } else {
                err.println("rtt-to-lsdb: too many arguments; " + USAGE);
                return 2;
            }
        }
        if (in == null) {
            err.println("rtt-to-lsdb: missing RTT.json; " + USAGE);
            return 2;
        }
        LsdbSnapshot s;
        try {
            s = LsdbJson.read(in, regions, LsdbJson.Kind.RTT_MATRIX);
        } catch (LsdbException e) {
            err.println("rtt-to-lsdb: " + in + ": " + e.getMessage());
            return 2;
        }
        if (target == null) {
            LsdbJson.write(s, out);
            out.flush();
            return 0;
        }
        try (OutputStream o = Files.newOutputStream(target)) {
            LsdbJson.write(s, o);
        } catch (IOException e) {
            err.println("rtt-to-lsdb: " + target + ": cannot write: " + e.getMessage());
            return 2;
        }
        err.println("rtt-to-lsdb: wrote " + target + ": " + s.nodes().size() + " nodes in " + s.regions().size()
                + " regions, " + s.links().size() + " links");
        return 0;
    }
}
