package io.meshrelay.controlplane.cli.options;

import io.meshrelay.controlplane.config.HostPort;
import io.meshrelay.relaycore.transport.PortRange;
import picocli.CommandLine.Option;

/** Addresses and ports of a node. */
public final class NetworkOptions {
    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "0.0.0.0",
            description = "Local address for media, trunk and control sockets. Default: ${DEFAULT-VALUE}.")
    public String bind;

    @Option(names = "--advertise", paramLabel = "ADDR",
            description = "Address participants and other nodes use to reach this node. "
                    + "Default: --bind, or the first non-loopback address when --bind is a wildcard.")
    public String advertise;

    @Option(names = "--media-ports", paramLabel = "LOW-HIGH", defaultValue = "16384-32767",
            description = "UDP port range for participant legs, one port per leg (RTP and RTCP muxed); "
                    + "keep it clear of the kernel's ephemeral range (net.ipv4.ip_local_port_range). "
                    + "Default: ${DEFAULT-VALUE}.")
    public PortRange mediaPorts;

    @Option(names = "--trunk-port", paramLabel = "PORT", defaultValue = "7700",
            description = "UDP port for all node-to-node traffic (media frames and probes). Default: ${DEFAULT-VALUE}.")
    public int trunkPort;

    @Option(names = "--api", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7780",
            description = "HTTP listen address of the REST API, /metrics and health checks. Default: ${DEFAULT-VALUE}.")
    public HostPort api;
}
