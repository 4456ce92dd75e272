package io.meshrelay.controlplane.cli;

import io.meshrelay.controlplane.cli.options.ConfigFileOptions;
import io.meshrelay.controlplane.cli.options.ControllerNetworkOptions;
import io.meshrelay.controlplane.cli.options.LoggingOptions;
import io.meshrelay.controlplane.cli.options.PathOptions;
import io.meshrelay.controlplane.cli.options.SwitchOptions;
import io.meshrelay.controlplane.config.Addresses;
import io.meshrelay.controlplane.config.ControllerConfig;
import io.meshrelay.controlplane.controller.ControllerRuntime;
import io.meshrelay.controlplane.mesh.MeshPolicy;
import io.meshrelay.controlplane.pki.NodeIdentity;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code meshrelay controller run}: a controller without a data plane, for large meshes. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Run a standalone mesh controller. Small meshes embed it in a node instead",
            "(meshrelay node run --controller). Stops cleanly on SIGTERM or SIGINT."
        },
        footer = {"",
            "Every option is also a config-file key and an environment variable (MESHRELAY_CONTROL_PORT).",
            "Precedence: flag > env > file > default.",
            "Exit codes: 0 stopped cleanly, 2 usage or configuration error, 1 runtime failure."})
public final class ControllerRunCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    @ArgGroup(validate = false, heading = "%nConfiguration:%n", order = 0)
    ConfigFileOptions configOptions = new ConfigFileOptions();

    @ArgGroup(validate = false, heading = "%nController:%n", order = 1)
    ControllerNetworkOptions network = new ControllerNetworkOptions();

    @ArgGroup(validate = false, heading = "%nPath selection (the mesh policy; change it live with PUT /v1/policy):%n",
            order = 2)
    PathOptions paths = new PathOptions();

    @ArgGroup(validate = false, heading = "%nPath switching:%n", order = 3)
    SwitchOptions switching = new SwitchOptions();

    @ArgGroup(validate = false, heading = "%nLogging:%n", order = 9)
    LoggingOptions logging = new LoggingOptions();

    ControllerRunCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    ControllerConfig config() {
        ctx.sources().checkFileKeys(spec);
        ctx.sources().checkEnvNames(spec.root());
        if (network.tlsDir != null) {
            NodeIdentity.load(network.tlsDir); // a broken certificate directory is a config error, exit 2
        }
        MeshPolicy policy = switching.policy(paths);
        return new ControllerConfig(Addresses.literal("bind", network.bind), network.controlPort, network.api,
                network.tlsDir, network.deadAfter, policy, logging.logLevel);
    }

    @Override
    public Integer call() throws Exception {
        ControllerConfig cfg = config();
        if (configOptions.printConfig) {
            EffectiveConfig.print(spec, ctx.sources(), Map.of(), ctx.out());
            return Meshrelay.EXIT_OK;
        }
        Logging.apply(cfg.logLevel());
        try (ControllerRuntime controller = ControllerRuntime.start(cfg)) {
            controller.awaitShutdownSignal();
        }
        return Meshrelay.EXIT_OK;
    }
}
