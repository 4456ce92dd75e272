package io.meshrelay.controlplane.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.meshrelay.controlplane.api.Json;
import io.meshrelay.controlplane.cli.options.PathOptions;
import io.meshrelay.controlplane.config.ConfigException;
import io.meshrelay.controlplane.lsdb.LsdbException;
import io.meshrelay.controlplane.lsdb.LsdbJson;
import io.meshrelay.controlplane.lsdb.LsdbSnapshot;
import io.meshrelay.controlplane.path.BackupPath;
import io.meshrelay.controlplane.path.Diversity;
import io.meshrelay.controlplane.path.PathConstraints;
import io.meshrelay.controlplane.path.PathQuery;
import io.meshrelay.controlplane.path.PathQueryException;
import io.meshrelay.controlplane.path.PathReport;
import io.meshrelay.controlplane.path.PathWeights;
import io.meshrelay.controlplane.path.RankedPath;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meshrelay mesh paths}: offline what-if path computation on a saved LSDB snapshot or an
 * RTT matrix, with the same weights and constraints a node uses. Runs on the command-line thread.
 */
@Command(name = "paths",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Compute the k best paths between two nodes, the primary and its backups, from a saved LSDB",
            "snapshot (the JSON of GET /v1/mesh/links) or an RTT matrix {\"A-B\": ms, ...}, to plan on a",
            "snapshot or a synthetic topology. Latency is one-way: the sum of RTT/2 over the links."
        },
        footer = {"",
            "Weights and limits are also environment variables (MESHRELAY_WEIGHT_LOSS=20). Cost formula,",
            "LSDB format and algorithms: docs/paths.md.",
            "Exit codes: 0 a path was found, 1 no path meets the constraints,",
            "2 usage error, unknown node or unreadable LSDB file."})
public final class MeshPathsCommand implements Callable<Integer> {
    /** Output format of {@code --format}. */
    public enum Format { table, json }

    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    @Option(names = "--lsdb", paramLabel = "FILE",
            description = "LSDB snapshot JSON (GET /v1/mesh/links) or RTT matrix JSON {\"A-B\": ms}. Without it the "
                    + "live LSDB and the mesh policy come from --api (weights/limit flags, if given, replace the "
                    + "policy's).")
    Path lsdb;

    @picocli.CommandLine.Mixin
    io.meshrelay.controlplane.cli.options.ApiOptions api;

    @Option(names = "--from", paramLabel = "ID", required = true, description = "Source node id.")
    String from;

    @Option(names = "--to", paramLabel = "ID", required = true, description = "Destination node id.")
    String to;

    @Option(names = "--k", paramLabel = "N", defaultValue = "" + PathQuery.DEFAULT_K,
            description = "How many best loopless paths to rank (1-" + PathQuery.MAX_K + "). Default: ${DEFAULT-VALUE}.")
    int k;

    @Option(names = "--backups", paramLabel = "N", defaultValue = "" + PathQuery.DEFAULT_BACKUPS,
            description = "How many backups of the primary to plan (0-" + PathQuery.MAX_BACKUPS + "); node-disjoint "
                    + "first, then region-diverse. Default: ${DEFAULT-VALUE}.")
    int backups;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "Output: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Format format;

    @ArgGroup(validate = false, heading = "%nWeights (cost per unit of each link metric):%n", order = 1)
    PathOptions path = new PathOptions();

    MeshPathsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    /** The query this command line asks; usage problems as {@link ConfigException} naming the flag. */
    PathQuery query() {
        ctx.sources().checkEnvNames(spec.root());
        try {
            return new PathQuery(from, to, k, backups, path.weights(), path.constraints());
        } catch (PathQueryException e) {
            throw usage(e);
        }
    }

    @Override
    public Integer call() throws JsonProcessingException {
        PathQuery query = query();
        LsdbSnapshot snapshot;
        if (lsdb == null) {
            ApiClient client = new ApiClient(api.api);
            snapshot = LsdbJson.parse(client.getText("/v1/mesh/links"));
            if (!weightsGiven()) {
                io.meshrelay.controlplane.mesh.MeshPolicy p =
                        io.meshrelay.controlplane.mesh.MeshPolicy.fromJson(client.get("/v1/policy"));
                query = new PathQuery(from, to, k, backups, p.weights(), p.constraints());
            }
        } else {
            try {
                snapshot = LsdbJson.read(lsdb);
            } catch (LsdbException e) {
                throw new ConfigException("--lsdb " + lsdb + ": " + e.getMessage());
            }
        }
        PathReport report;
        try {
            report = PathReport.of(snapshot, query);
        } catch (PathQueryException e) {
            throw usage(e);
        }
        PrintWriter out = ctx.out();
        if (format == Format.json) {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        } else {
            printTable(report, out);
        }
        out.flush();
        return report.primary() == null ? Meshrelay.EXIT_RUNTIME : Meshrelay.EXIT_OK;
    }

    /** True if any weight or limit was set by flag, environment or file (then it replaces the mesh policy's). */
    private boolean weightsGiven() {
        for (picocli.CommandLine.Model.OptionSpec o : spec.options()) {
            String name = o.longestName();
            boolean pathOption = name.startsWith("--weight-") || name.startsWith("--max-") || name.startsWith("--min-")
                    || name.startsWith("--avoid-");
            if (pathOption && ctx.sources().originOf(o, spec.commandLine().getParseResult())
                    != io.meshrelay.controlplane.config.ConfigSources.Origin.DEFAULT) {
                return true;
            }
        }
        return false;
    }

    private ConfigException usage(PathQueryException e) {
        String flag = PathOptions.flagOf(e.field());
        if (flag == null) {
            flag = "--" + e.field();
        }
        return new ConfigException(flag + ": " + e.problem() + (e.field().equals("from") || e.field().equals("to")
                ? " in " + (lsdb != null ? lsdb : "the mesh at " + api.api) : ""));
    }

    // ------------------------------------------------------------------------------------ table

    static void printTable(PathReport r, PrintWriter out) {
        PathQuery q = r.query();
        out.printf(Locale.ROOT, "%s -> %s: %d of %d paths, %d backup%s  (LSDB epoch %d: %d nodes, %d links, %d regions)%n",
                q.from(), q.to(), r.paths().size(), q.k(), r.backups().size(), r.backups().size() == 1 ? "" : "s",
                r.lsdb().epoch(), r.lsdb().nodes(), r.lsdb().links(), r.lsdb().regions());
        out.println("weights: " + describe(q.weights()));
        out.println("constraints: " + describe(q.constraints()));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"RANK", "ROLE", "PATH", "COST", "LATENCY", "LOSS", "JITTER", "BOTTLENECK", "MAX LOAD",
            "REGIONS", "HOPS"});
        for (RankedPath p : r.paths()) {
            rows.add(row(p, roleOf(p, r)));
        }
        for (int i = 0; i < r.backups().size(); i++) {
            RankedPath b = r.backups().get(i).path();
            if (b.rank() == null) {
                rows.add(row(b, "backup" + (r.backups().size() == 1 ? "" : Integer.toString(i + 1))));
            }
        }
        if (rows.size() > 1) {
            out.println();
            int[] width = new int[rows.get(0).length];
            for (String[] row : rows) {
                for (int c = 0; c < row.length; c++) {
                    width[c] = Math.max(width[c], row[c].length());
                }
            }
            for (String[] row : rows) {
                StringBuilder sb = new StringBuilder();
                for (int c = 0; c < row.length; c++) {
                    boolean numeric = c == 3 || c == 4 || c == 5 || c == 6 || c == 7 || c == 10;
                    String cell = row[c];
                    String pad = " ".repeat(width[c] - cell.length());
                    sb.append(numeric ? pad + cell : cell + (c == row.length - 1 ? "" : pad));
                    if (c < row.length - 1) {
                        sb.append("  ");
                    }
                }
                out.println(sb.toString().stripTrailing());
            }
        }
        if (!r.backups().isEmpty()) {
            out.println();
            for (int i = 0; i < r.backups().size(); i++) {
                BackupPath b = r.backups().get(i);
                out.println("backup" + (r.backups().size() == 1 ? "" : Integer.toString(i + 1)) + ": " + describe(b));
            }
        }
        if (!r.warnings().isEmpty()) {
            out.println();
            for (String w : r.warnings()) {
                out.println("warning: " + w);
            }
        }
    }

    private static String roleOf(RankedPath p, PathReport r) {
        if (r.primary() != null && p.nodes().equals(r.primary().nodes())) {
            return "primary";
        }
        for (int i = 0; i < r.backups().size(); i++) {
            if (r.backups().get(i).path().nodes().equals(p.nodes())) {
                return "backup" + (r.backups().size() == 1 ? "" : Integer.toString(i + 1));
            }
        }
        return "";
    }

    private static String[] row(RankedPath p, String role) {
        return new String[] {
            p.rank() == null ? "-" : Integer.toString(p.rank()),
            role,
            String.join(" > ", p.nodes()),
            String.format(Locale.ROOT, "%.2f", p.cost()),
            String.format(Locale.ROOT, "%.1f ms", p.latencyMs()),
            String.format(Locale.ROOT, "%.2f%%", p.loss() * 100),
            String.format(Locale.ROOT, "%.1f ms", p.jitterMs()),
            p.bottleneckBandwidthMbps() == null ? "unmeasured"
                    : String.format(Locale.ROOT, "%.0f Mbit/s", p.bottleneckBandwidthMbps()),
            String.format(Locale.ROOT, "%.0f%% (%s)", p.maxLoad() * 100, p.maxLoadNode()),
            String.join(",", p.regions()),
            Integer.toString(p.hops())
        };
    }

    private static String describe(BackupPath b) {
        String what = b.diversity() == Diversity.NODE_AND_REGION_DISJOINT
                ? "no transit node, link or transit region in common with the primary"
                : b.diversity() == Diversity.NODE_DISJOINT
                        ? "no transit node or link in common; shares region " + String.join(", ", b.sharedRegions())
                        : "overlaps: shares " + (b.sharedNodes().isEmpty() ? "the direct link" : "node "
                                + String.join(", ", b.sharedNodes()));
        return String.join(" > ", b.path().nodes()) + " (" + b.diversity().name().toLowerCase(Locale.ROOT).replace('_', '-')
                + ": " + what + ")";
    }

    private static String describe(PathWeights w) {
        return String.format(Locale.ROOT, "latency %s/ms, jitter %s/ms, loss %s/%%, load %s/%% of node entered, "
                + "bandwidth %s x (100 Mbit/s / available)",
                num(w.latency()), num(w.jitter()), num(w.loss()), num(w.load()), num(w.bandwidth()));
    }

    private static String describe(PathConstraints c) {
        List<String> parts = new ArrayList<>();
        if (c.maxHops() != null) {
            parts.add("max " + c.maxHops() + (c.maxHops() == 1 ? " hop" : " hops"));
        }
        if (c.maxLatencyMs() != null) {
            parts.add("max " + num(c.maxLatencyMs()) + " ms one-way");
        }
        if (c.minBandwidthMbps() != null) {
            parts.add("min " + num(c.minBandwidthMbps()) + " Mbit/s");
        }
        if (!c.avoidNodes().isEmpty()) {
            parts.add("avoid nodes " + String.join(",", c.avoidNodes()));
        }
        if (!c.avoidRegions().isEmpty()) {
            parts.add("avoid regions " + String.join(",", c.avoidRegions()));
        }
        return parts.isEmpty() ? "none" : String.join("; ", parts);
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%s", v);
    }
}
