package io.meshrelay.controlplane.testing;

import io.meshrelay.controlplane.config.ByteSize;
import io.meshrelay.controlplane.config.HostPort;
import io.meshrelay.controlplane.config.LogLevel;
import io.meshrelay.controlplane.config.MeshConfig;
import io.meshrelay.controlplane.config.NodeConfig;
import io.meshrelay.controlplane.mesh.MeshPolicy;
import io.meshrelay.controlplane.node.NodeRuntime;
import io.meshrelay.controlplane.path.SwitchThresholds;
import io.meshrelay.controlplane.pki.MeshCa;
import io.meshrelay.relaycore.leg.Latching;
import io.meshrelay.relaycore.testing.Ports;
import io.meshrelay.relaycore.transport.PortRange;
import io.meshrelay.relaycore.transport.TransportKind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Nodes of one mesh in this JVM: a CA, a certificate per node, the first node embedding the
 * controller, fast probing so tests see link changes in well under a second.
 */
public final class TestMesh implements AutoCloseable {
    private final Path dir;
    private final MeshCa ca = MeshCa.create(Duration.ofDays(2));
    private final Map<String, NodeRuntime> nodes = new LinkedHashMap<>();
    private final List<AutoCloseable> extras = new ArrayList<>();
    private final int portBase;
    private InetSocketAddress controller;
    private MeshPolicy policy = testPolicy(MeshPolicy.Mode.SINGLE);

    public TestMesh(Path dir) {
        this.dir = dir;
        this.portBase = TestConfigs.randomMediaRange(200).low();
    }

    /** Test policy: default weights, 2 s hold so a test can degrade a link soon after setup. */
    public static MeshPolicy testPolicy(MeshPolicy.Mode mode) {
        SwitchThresholds d = SwitchThresholds.DEFAULTS;
        return new MeshPolicy(MeshPolicy.defaults().weights(), MeshPolicy.defaults().constraints(), mode, 300, 4, 2,
                new SwitchThresholds(d.minRelativeGain(), d.minAbsoluteGain(), 2_000, d.maxLoss(), d.maxLatencyMs(),
                        d.breachMargin()));
    }

    public TestMesh policy(MeshPolicy p) {
        this.policy = p;
        return this;
    }

    public Path tlsDir(String id) throws IOException {
        Path d = dir.resolve(id);
        if (!Files.exists(d.resolve("node.crt"))) {
            ca.issue(id, Duration.ofDays(1), List.of(), List.of()).writeTo(d, true);
        }
        return d;
    }

    public MeshCa ca() {
        return ca;
    }

    /** The config of node {@code id}; the first node embeds the controller. */
    public NodeConfig config(String id, String region, Map<String, InetSocketAddress> peerAddresses) throws IOException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        boolean embed = controller == null && nodes.isEmpty();
        int controlPort = embed ? Ports.freeUdp() : 7790;
        InetSocketAddress ctl = embed ? new InetSocketAddress(lo, controlPort) : controller;
        int low = portBase + 20 * nodes.size();
        MeshConfig mesh = new MeshConfig(embed, controlPort, ctl, tlsDir(id), Duration.ofMillis(200),
                Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMillis(250),
                Duration.ofMillis(1500), 1000, peerAddresses, policy);
        return new NodeConfig(new NodeConfig.Identity(id, region, null, null),
                new NodeConfig.Network(lo, lo, new PortRange(low, low + 19), Ports.freeUdp(),
                        new HostPort("127.0.0.1", Ports.freeTcp())),
                new NodeConfig.DataPlane(1, TransportKind.AUTO, new ByteSize(4 << 20), 46, 1500, 10_000, 2_000,
                        Latching.LEARN, Duration.ofSeconds(2)),
                mesh, LogLevel.info);
    }

    public NodeRuntime start(NodeConfig cfg) throws Exception {
        NodeRuntime n = NodeRuntime.start(cfg);
        if (controller == null) {
            controller = n.controlAddress();
        }
        nodes.put(cfg.nodeId(), n);
        return n;
    }

    public NodeRuntime start(String id, String region) throws Exception {
        return start(config(id, region, Map.of()));
    }

    public NodeRuntime node(String id) {
        return nodes.get(id);
    }

    public Http http(String id) {
        return new Http(nodes.get(id).apiAddress());
    }

    /** Stops node {@code id} without telling anyone (as if its host died). */
    public void kill(String id) {
        NodeRuntime n = nodes.remove(id);
        if (n != null) {
            n.close();
        }
    }

    public <T extends AutoCloseable> T closing(T c) {
        extras.add(c);
        return c;
    }

    @Override
    public void close() throws Exception {
        List<NodeRuntime> all = new ArrayList<>(nodes.values());
        java.util.Collections.reverse(all); // the controller's node last
        for (NodeRuntime n : all) {
            n.close();
        }
        for (AutoCloseable c : extras) {
            c.close();
        }
    }
}
