package io.meshrelay.controlplane.cli;

import io.meshrelay.controlplane.api.Json;
import io.meshrelay.controlplane.cli.options.ApiOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code meshrelay mesh policy}: show or change the mesh policy (weights, constraints, mode, switching). */
@Command(name = "policy", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = {"Show the mesh policy, or change it with --set: a JSON object with only the fields to change,",
            "e.g. --set '{\"mode\":\"redundant\"}' or --set '{\"weights\":{\"loss\":100},\"constraints\":{\"maxHops\":3}}'.",
            "The controller validates it whole and distributes it to every node."},
        footer = {"", "Exit codes: 0 ok, 2 usage error or a policy the controller rejects, 1 the API failed."})
public final class MeshPolicyCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    ApiOptions api;

    @Option(names = "--set", paramLabel = "JSON", description = "Fields of the policy to change.")
    String set;

    MeshPolicyCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ApiClient client = new ApiClient(api.api);
        ctx.out().println(Json.pretty(set == null ? client.get("/v1/policy") : client.put("/v1/policy", set)));
        return Meshrelay.EXIT_OK;
    }
}
