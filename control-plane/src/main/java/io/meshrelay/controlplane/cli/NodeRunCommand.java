package io.meshrelay.controlplane.cli;

import io.meshrelay.controlplane.cli.options.ConfigFileOptions;
import io.meshrelay.controlplane.cli.options.DataPlaneOptions;
import io.meshrelay.controlplane.cli.options.IdentityOptions;
import io.meshrelay.controlplane.cli.options.LoggingOptions;
import io.meshrelay.controlplane.cli.options.NetworkOptions;
import io.meshrelay.controlplane.config.Addresses;
import io.meshrelay.controlplane.config.NodeConfig;
import io.meshrelay.controlplane.node.NodeRuntime;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code meshrelay node run}: validates the config, starts the node and serves until stopped. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Run a relay node: media legs, the mesh trunk and the REST API.",
            "Stops cleanly on SIGTERM or SIGINT."
        },
        footer = {"",
            "Every option is also a config-file key (its long name: media-ports: 40000-49999) and an",
            "environment variable (MESHRELAY_MEDIA_PORTS). Precedence: flag > env > file > default.",
            "Exit codes: 0 stopped cleanly, 2 usage or configuration error, 1 runtime failure."})
public final class NodeRunCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    @ArgGroup(validate = false, heading = "%nConfiguration:%n", order = 0)
    ConfigFileOptions configOptions = new ConfigFileOptions();

    @ArgGroup(validate = false, heading = "%nIdentity:%n", order = 1)
    IdentityOptions identity = new IdentityOptions();

    @ArgGroup(validate = false, heading = "%nNetwork:%n", order = 2)
    NetworkOptions network = new NetworkOptions();

    @ArgGroup(validate = false, heading = "%nData plane:%n", order = 3)
    DataPlaneOptions dataPlane = new DataPlaneOptions();

    @ArgGroup(validate = false, heading = "%nLogging:%n", order = 9)
    LoggingOptions logging = new LoggingOptions();

    NodeRunCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    /** The validated config this command line describes. */
    NodeConfig config() {
        ctx.sources().checkFileKeys(spec);
        ctx.sources().checkEnvNames(spec.root());
        InetAddress bind = Addresses.literal("bind", network.bind);
        InetAddress advertise = network.advertise != null
                ? Addresses.literal("advertise", network.advertise)
                : bind.isAnyLocalAddress() ? Addresses.detectAdvertise() : bind;
        String nodeId = identity.nodeId != null ? identity.nodeId : Addresses.hostNodeId();
        int threads = dataPlane.ioThreads == 0 ? Runtime.getRuntime().availableProcessors() : dataPlane.ioThreads;
        return new NodeConfig(
                new NodeConfig.Identity(nodeId, identity.region, identity.lat, identity.lon),
                new NodeConfig.Network(bind, advertise, network.mediaPorts, network.trunkPort, network.api),
                new NodeConfig.DataPlane(threads, dataPlane.transport, dataPlane.socketBuffer, dataPlane.dscp,
                        dataPlane.maxPacketSize, dataPlane.legMaxPps, dataPlane.legBurst, dataPlane.latching,
                        dataPlane.relatchAfter),
                logging.logLevel);
    }

    @Override
    public Integer call() throws Exception {
        NodeConfig cfg = config();
        if (configOptions.printConfig) {
            Map<String, String> computed = new LinkedHashMap<>();
            computed.put("node-id", cfg.nodeId());
            computed.put("advertise", cfg.network().advertise().getHostAddress());
            EffectiveConfig.print(spec, ctx.sources(), computed, ctx.out());
            return Meshrelay.EXIT_OK;
        }
        Logging.apply(cfg.logLevel());
        try (NodeRuntime node = NodeRuntime.start(cfg)) {
            node.awaitShutdownSignal();
        }
        return Meshrelay.EXIT_OK;
    }
}
