package io.meshrelay.controlplane.cli;

import io.meshrelay.controlplane.cli.options.ConfigFileOptions;
import io.meshrelay.controlplane.cli.options.DataPlaneOptions;
import io.meshrelay.controlplane.cli.options.MeshOptions;
import io.meshrelay.controlplane.cli.options.PathOptions;
import io.meshrelay.controlplane.cli.options.SwitchOptions;
import io.meshrelay.controlplane.config.ConfigException;
import io.meshrelay.controlplane.config.HostPort;
import io.meshrelay.controlplane.config.MeshConfig;
import io.meshrelay.controlplane.mesh.MeshPolicy;
import io.meshrelay.controlplane.pki.NodeIdentity;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;
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

    @ArgGroup(validate = false, heading = "%nMesh:%n", order = 4)
    MeshOptions mesh = new MeshOptions();

    @ArgGroup(validate = false, heading = "%nPath selection (policy of an embedded controller; a joining node "
            + "takes the controller's):%n", order = 5)
    PathOptions paths = new PathOptions();

    @ArgGroup(validate = false, heading = "%nPath switching (policy of an embedded controller; a joining node "
            + "takes the controller's):%n", order = 6)
    SwitchOptions switching = new SwitchOptions();

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
        MeshConfig meshConfig = meshConfig(bind);
        String nodeId = identity.nodeId;
        if (meshConfig != null) {
            // the certificate binds the node id: a mesh node is who its certificate says
            String certified = NodeIdentity.load(meshConfig.tlsDir()).nodeId();
            if (nodeId != null && !nodeId.equals(certified)) {
                throw new ConfigException("node-id: '" + nodeId + "' differs from the node id '" + certified
                        + "' in the certificate of tls-dir " + meshConfig.tlsDir());
            }
            nodeId = certified;
        }
        if (nodeId == null) {
            nodeId = Addresses.hostNodeId();
        }
        if (meshConfig != null && meshConfig.embedController() && meshConfig.controlPort() == network.trunkPort) {
            throw new ConfigException("control-port " + meshConfig.controlPort() + " is also the trunk-port");
        }
        int threads = dataPlane.ioThreads == 0 ? Runtime.getRuntime().availableProcessors() : dataPlane.ioThreads;
        return new NodeConfig(
                new NodeConfig.Identity(nodeId, identity.region, identity.lat, identity.lon),
                new NodeConfig.Network(bind, advertise, network.mediaPorts, network.trunkPort, network.api),
                new NodeConfig.DataPlane(threads, dataPlane.transport, dataPlane.socketBuffer, dataPlane.dscp,
                        dataPlane.maxPacketSize, dataPlane.legMaxPps, dataPlane.legBurst, dataPlane.latching,
                        dataPlane.relatchAfter),
                meshConfig,
                logging.logLevel);
    }

    private MeshConfig meshConfig(InetAddress bind) {
        // checked on every node, even one that will not use it: a bad value in the config is an error
        // at start, not a surprise on the day the node joins a mesh
        MeshPolicy policy = switching.policy(paths);
        if (!mesh.controller && mesh.controllerAddress == null) {
            if (mesh.tlsDir != null) {
                throw new ConfigException("tls-dir: given without controller or controller-address; "
                        + "say which mesh to join");
            }
            return null;
        }
        if (mesh.tlsDir == null) {
            throw new ConfigException("tls-dir: required to " + (mesh.controller ? "run a controller" : "join a mesh")
                    + " (create it with meshrelay pki issue --dir CA_DIR --node-id ID --out DIR)");
        }
        InetSocketAddress controller;
        if (mesh.controllerAddress != null) {
            controller = mesh.controllerAddress.toSocketAddress();
        } else {
            InetAddress local = bind.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : bind;
            controller = new InetSocketAddress(local, mesh.controlPort);
        }
        Map<String, InetSocketAddress> peers = new TreeMap<>();
        if (mesh.peerAddresses != null) {
            for (String p : mesh.peerAddresses) {
                int eq = p.indexOf('=');
                if (eq <= 0) {
                    throw new ConfigException("peer-address: '" + p + "' is not NODE=HOST:PORT");
                }
                try {
                    peers.put(p.substring(0, eq), HostPort.parse(p.substring(eq + 1)).toSocketAddress());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("peer-address: " + e.getMessage());
                }
            }
        }
        return new MeshConfig(mesh.controller, mesh.controlPort, controller, mesh.tlsDir, mesh.probeInterval,
                mesh.probeIntervalActive, mesh.linkDownAfter, mesh.bandwidthProbeInterval, mesh.reportInterval,
                mesh.deadAfter, mesh.capacityMbps, peers, policy);
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
