package io.meshrelay.controlplane.config;

import io.meshrelay.relaycore.transport.PortRange;
import java.net.InetAddress;
import java.util.regex.Pattern;

/**
 * The validated, immutable configuration of one node. Every check names the config key it
 * rejects, so an operator can find the line to fix.
 */
public record NodeConfig(
        String nodeId,
        String region,
        Double lat,
        Double lon,
        InetAddress bind,
        InetAddress advertise,
        PortRange mediaPorts,
        int trunkPort,
        HostPort api,
        LogLevel logLevel) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public NodeConfig {
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
