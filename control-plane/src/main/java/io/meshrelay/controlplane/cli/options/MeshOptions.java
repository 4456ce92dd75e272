package io.meshrelay.controlplane.cli.options;

import io.meshrelay.controlplane.config.HostPort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** How a node joins a mesh: controller (embedded or remote), identity, probing, reporting. */
public final class MeshOptions {
    @Option(names = "--controller",
            description = "Embed the mesh controller in this node, listening on --control-port (small meshes).")
    public boolean controller;

    @Option(names = "--control-port", paramLabel = "PORT", defaultValue = "7790",
            description = "UDP port of the embedded controller's QUIC control channel. Default: ${DEFAULT-VALUE}.")
    public int controlPort;

    @Option(names = "--controller-address", paramLabel = "HOST:PORT",
            description = "Join the mesh whose controller listens here. Default with --controller: this node's own.")
    public HostPort controllerAddress;

    @Option(names = "--tls-dir", paramLabel = "DIR",
            description = "This node's certificate, key and the mesh CA (meshrelay pki issue --out DIR). Required to "
                    + "join a mesh; the certificate's node id is the node id.")
    public Path tlsDir;

    @Option(names = "--probe-interval", paramLabel = "DURATION", defaultValue = "1s",
            description = "Probe period of links no flow crosses. Default: ${DEFAULT-VALUE}.")
    public Duration probeInterval;

    @Option(names = "--probe-interval-active", paramLabel = "DURATION", defaultValue = "50ms",
            description = "Probe period of links that carry flows: sets how fast a dead link is noticed. "
                    + "Default: ${DEFAULT-VALUE}.")
    public Duration probeIntervalActive;

    @Option(names = "--link-down-after", paramLabel = "DURATION", defaultValue = "200ms",
            description = "A link is down once probes go unanswered this long beyond its RTT; its flows move to their "
                    + "backups at once. Default: ${DEFAULT-VALUE}.")
    public Duration linkDownAfter;

    @Option(names = "--bandwidth-probe-interval", paramLabel = "DURATION", defaultValue = "30s",
            description = "Period of the short packet trains that estimate each link's available bandwidth. "
                    + "Default: ${DEFAULT-VALUE}.")
    public Duration bandwidthProbeInterval;

    @Option(names = "--report-interval", paramLabel = "DURATION", defaultValue = "1s",
            description = "How often load and link measurements go to the controller. Default: ${DEFAULT-VALUE}.")
    public Duration reportInterval;

    @Option(names = "--dead-after", paramLabel = "DURATION", defaultValue = "3s",
            description = "The embedded controller declares a node dead after this long without a word from it. "
                    + "Default: ${DEFAULT-VALUE}.")
    public Duration deadAfter;

    @Option(names = "--capacity-mbps", paramLabel = "MBIT/S", defaultValue = "1000",
            description = "Media bandwidth this node is sized for; load = max(cpu, bandwidth / capacity). "
                    + "Default: ${DEFAULT-VALUE}.")
    public double capacityMbps;

    @Option(names = "--peer-address", paramLabel = "NODE=HOST:PORT", split = ",",
            description = "Reach node NODE's trunk at HOST:PORT instead of the address it announces (NAT, private "
                    + "interconnects, WAN emulation). Repeatable.")
    public List<String> peerAddresses;
}
