package io.meshrelay.controlplane.testing;

import io.meshrelay.controlplane.config.ByteSize;
import io.meshrelay.controlplane.config.ControllerConfig;
import io.meshrelay.controlplane.config.HostPort;
import io.meshrelay.controlplane.config.LogLevel;
import io.meshrelay.controlplane.config.MeshConfig;
import io.meshrelay.controlplane.config.NodeConfig;
import io.meshrelay.controlplane.controller.ControllerRuntime;
import io.meshrelay.controlplane.mesh.MeshPolicy;
import io.meshrelay.controlplane.node.NodeRuntime;
import io.meshrelay.controlplane.pki.MeshCa;
import io.meshrelay.relaycore.leg.Latching;
import io.meshrelay.relaycore.testing.LinkEmulator;
import io.meshrelay.relaycore.testing.LinkEmulator.Impairment;
import io.meshrelay.relaycore.testing.Ports;
import io.meshrelay.relaycore.transport.PortRange;
import io.meshrelay.relaycore.transport.TransportKind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A mesh of in-process nodes whose every trunk link runs through a user-space WAN emulator
 * (delay per direction = RTT / 2, plus whatever a test impairs at run time). The controller is
 * standalone, so a test can stop and restart it while the nodes keep forwarding.
 */
public final class EmulatedMesh implements AutoCloseable {
    private static final InetAddress LO = InetAddress.getLoopbackAddress();
    private final Path dir;
    private final MeshPolicy policy;
    private final MeshCa ca = MeshCa.create(Duration.ofDays(2));
    private final Map<String, String> regions = new LinkedHashMap<>();
    private final Map<String, Double> rtts = new HashMap<>();
    private final Map<String, LinkEmulator> links = new TreeMap<>();
    private final Map<String, NodeRuntime> nodes = new LinkedHashMap<>();
    private final Map<String, Integer> trunkPorts = new HashMap<>();
    private ControllerConfig controllerConfig;
    private ControllerRuntime controller;

    public EmulatedMesh(Path dir, MeshPolicy policy) {
        this.dir = dir;
        this.policy = policy;
    }

    public EmulatedMesh node(String id, String region) {
        regions.put(id, region);
        return this;
    }

    public EmulatedMesh rtt(String a, String b, double ms) {
        rtts.put(key(a, b), ms);
        return this;
    }

    private static String key(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }

    /** Starts the controller, one emulated link per node pair, then the nodes. */
    public EmulatedMesh start() throws Exception {
        Path ctlDir = dir.resolve("controller");
        ca.issue("controller", Duration.ofDays(1), List.of(), List.of()).writeTo(ctlDir, true);
        controllerConfig = new ControllerConfig(LO, Ports.freeUdp(), new HostPort("127.0.0.1", Ports.freeTcp()), ctlDir,
                Duration.ofMillis(1500), policy, LogLevel.info);
        controller = ControllerRuntime.start(controllerConfig);
        for (String id : regions.keySet()) {
            trunkPorts.put(id, Ports.freeUdp());
        }
        Map<String, Map<String, InetSocketAddress>> peers = new HashMap<>();
        List<String> ids = new ArrayList<>(regions.keySet());
        for (int i = 0; i < ids.size(); i++) {
            for (int j = i + 1; j < ids.size(); j++) {
                String a = ids.get(i);
                String b = ids.get(j);
                LinkEmulator l = LinkEmulator.start(new InetSocketAddress(LO, trunkPorts.get(a)),
                        new InetSocketAddress(LO, trunkPorts.get(b)));
                double rtt = rtts.getOrDefault(key(a, b), 1.0);
                l.setBoth(Impairment.delay(rtt / 2));
                links.put(key(a, b), l);
                peers.computeIfAbsent(a, k -> new HashMap<>()).put(b, l.addressForA());
                peers.computeIfAbsent(b, k -> new HashMap<>()).put(a, l.addressForB());
            }
        }
        int low = TestConfigs.randomMediaRange(20 * ids.size()).low();
        for (String id : ids) {
            Path tls = dir.resolve(id);
            ca.issue(id, Duration.ofDays(1), List.of(), List.of()).writeTo(tls, true);
            MeshConfig mesh = new MeshConfig(false, 7790, controller.controlAddress(), tls, Duration.ofMillis(200),
                    Duration.ofMillis(20), Duration.ofMillis(120), Duration.ofSeconds(5), Duration.ofMillis(250),
                    Duration.ofMillis(1500), 1000, peers.getOrDefault(id, Map.of()), policy);
            NodeConfig cfg = new NodeConfig(new NodeConfig.Identity(id, regions.get(id), null, null),
                    new NodeConfig.Network(LO, LO, new PortRange(low, low + 19), trunkPorts.get(id),
                            new HostPort("127.0.0.1", Ports.freeTcp())),
                    new NodeConfig.DataPlane(1, TransportKind.AUTO, new ByteSize(4 << 20), 46, 1500, 10_000, 2_000,
                            Latching.LEARN, Duration.ofSeconds(2)),
                    mesh, LogLevel.info);
            low += 20;
            nodes.put(id, NodeRuntime.start(cfg));
        }
        return this;
    }

    public LinkEmulator link(String a, String b) {
        return links.get(key(a, b));
    }

    public NodeRuntime runtime(String id) {
        return nodes.get(id);
    }

    public Http http(String id) {
        return new Http(nodes.get(id).apiAddress());
    }

    public Http controllerHttp() {
        return new Http(controller.apiAddress());
    }

    /** Stops node {@code id} abruptly: no goodbye, its links simply go silent. */
    public void kill(String id) {
        NodeRuntime n = nodes.remove(id);
        if (n != null) {
            n.close();
        }
    }

    public void stopController() {
        controller.close();
        controller = null;
    }

    /** A fresh controller on the same address: it learns everything back from the nodes. */
    public void restartController() throws Exception {
        controller = ControllerRuntime.start(controllerConfig);
    }

    @Override
    public void close() throws Exception {
        for (NodeRuntime n : nodes.values()) {
            n.close();
        }
        if (controller != null) {
            controller.close();
        }
        for (LinkEmulator l : links.values()) {
            l.close();
        }
    }
}
