package io.meshrelay.controlplane.config;

import io.meshrelay.relaycore.leg.Latching;
import io.meshrelay.relaycore.transport.PortRange;
import io.meshrelay.relaycore.transport.TransportKind;
import java.net.InetAddress;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The validated, immutable configuration of one node. Every check names the config key it
 * rejects, so an operator can find the line to fix.
 */
public record NodeConfig(Identity identity, Network network, DataPlane dataPlane, MeshConfig mesh, LogLevel logLevel) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** Who the node is. */
    public record Identity(String nodeId, String region, Double lat, Double lon) {
        public Identity {
            requireName("node-id", nodeId);
            requireName("region", region);
            if (lat != null && (lat < -90 || lat > 90)) {
                throw new ConfigException("lat: " + lat + " is outside -90..90");
            }
            if (lon != null && (lon < -180 || lon > 180)) {
                throw new ConfigException("lon: " + lon + " is outside -180..180");
            }
            if ((lat == null) != (lon == null)) {
                throw new ConfigException("lat and lon: give both or neither");
            }
        }
    }

    /** Where the node listens and how it is reached. */
    public record Network(InetAddress bind, InetAddress advertise, PortRange mediaPorts, int trunkPort, HostPort api) {
        public Network {
            requirePort("trunk-port", trunkPort);
            if (mediaPorts.contains(trunkPort)) {
                throw new ConfigException("trunk-port " + trunkPort + " lies inside media-ports " + mediaPorts);
            }
            if (mediaPorts.contains(api.port())) {
                throw new ConfigException("api port " + api.port() + " lies inside media-ports " + mediaPorts);
            }
            if (advertise.isAnyLocalAddress()) {
                throw new ConfigException("advertise: " + advertise.getHostAddress()
                        + " is a wildcard; give an address other nodes and participants can reach");
            }
        }
    }

    /** Data-plane tuning; {@code ioThreads} already resolved (never 0). */
    public record DataPlane(int ioThreads, TransportKind transport, ByteSize socketBuffer, int dscp, int maxPacketSize,
            int legMaxPps, int legBurst, Latching latching, Duration relatchAfter) {
        public DataPlane {
            if (ioThreads < 1 || ioThreads > 256) {
                throw new ConfigException("io-threads: " + ioThreads + " is outside 1-256 (0 means one per CPU)");
            }
            if (dscp < 0 || dscp > 63) {
                throw new ConfigException("dscp: " + dscp + " is outside 0-63");
            }
            if (maxPacketSize < 64 || maxPacketSize > 2047) {
                throw new ConfigException("max-packet-size: " + maxPacketSize + " is outside 64-2047");
            }
            if (legMaxPps < 0) {
                throw new ConfigException("leg-max-pps: must not be negative (0 = unlimited)");
            }
            if (legBurst < 1) {
                throw new ConfigException("leg-burst: must be at least 1");
            }
            if (socketBuffer.bytes() > Integer.MAX_VALUE) {
                throw new ConfigException("socket-buffer: " + socketBuffer + " is too large");
            }
            if (relatchAfter.isNegative()) {
                throw new ConfigException("relatch-after: must not be negative");
            }
        }
    }

    public String nodeId() {
        return identity.nodeId();
    }

    public String region() {
        return identity.region();
    }

    public HostPort api() {
        return network.api();
    }

    public static void requireName(String key, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new ConfigException(key + ": '" + value + "' must be 1-64 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
        }
    }

    public static void requirePort(String key, int port) {
        if (port < 1 || port > 65535) {
            throw new ConfigException(key + ": " + port + " is outside 1-65535");
        }
    }
}
