package io.meshrelay.controlplane.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshrelay.controlplane.api.Json;
import io.meshrelay.controlplane.cli.options.ApiOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code meshrelay mesh nodes}: the mesh's members as the API's node or controller sees them. */
@Command(name = "nodes", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "List the mesh's nodes: index, region, trunk address, liveness, load.",
        footer = {"", "Exit codes: 0 ok, 2 usage error, 1 the API could not be reached or failed."})
public final class MeshNodesCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    ApiOptions api;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "Output: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    MeshPathsCommand.Format format;

    MeshNodesCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        JsonNode body = new ApiClient(api.api).get("/v1/mesh/nodes");
        if (format == MeshPathsCommand.Format.json) {
            ctx.out().println(Json.pretty(body));
            return Meshrelay.EXIT_OK;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NODE", "INDEX", "REGION", "TRUNK", "STATE", "LOAD", "CPU", "MBIT/S", "LEGS"});
        for (JsonNode n : body.path("nodes")) {
            JsonNode f = n.path("figures");
            rows.add(new String[] {n.path("id").asText(), n.path("index").asText(), n.path("region").asText(),
                n.path("trunk").asText(), n.path("up").asBoolean() ? "up" : "DOWN",
                pct(n.path("load").asDouble()), f.has("cpu") ? pct(f.path("cpu").asDouble()) : "-",
                f.has("bandwidthMbps") ? String.format(Locale.ROOT, "%.1f", f.path("bandwidthMbps").asDouble()) : "-",
                f.has("legs") ? f.path("legs").asText() : "-"});
        }
        Tables.print(rows, ctx.out());
        return Meshrelay.EXIT_OK;
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.0f%%", v * 100);
    }
}
