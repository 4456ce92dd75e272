package io.meshrelay.controlplane.config;

import io.meshrelay.controlplane.mesh.MeshPolicy;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A node's mesh settings (absent for a standalone node).
 *
 * @param embedController run the controller in this node on {@code controlPort}
 * @param controller      the controller this node's agent connects to
 * @param tlsDir          the node's certificate directory
 */
public record MeshConfig(boolean embedController, int controlPort, InetSocketAddress controller, Path tlsDir,
        Duration probeInterval, Duration probeIntervalActive, Duration linkDownAfter, Duration bandwidthProbeInterval,
        Duration reportInterval, Duration deadAfter, double capacityMbps, Map<String, InetSocketAddress> peerAddresses,
        MeshPolicy policy) {

    public MeshConfig {
        NodeConfig.requirePort("control-port", controlPort);
        if (probeIntervalActive.compareTo(probeInterval) > 0) {
            throw new ConfigException("probe-interval-active: " + Durations.format(probeIntervalActive)
                    + " is longer than probe-interval " + Durations.format(probeInterval));
        }
        if (probeIntervalActive.toMillis() < 5) {
            throw new ConfigException("probe-interval-active: must be at least 5ms");
        }
        if (linkDownAfter.toMillis() < 2 * probeIntervalActive.toMillis()) {
            throw new ConfigException("link-down-after: must be at least twice probe-interval-active ("
                    + Durations.format(probeIntervalActive) + "), or one lost probe would take a link down");
        }
        if (reportInterval.toMillis() < 100) {
            throw new ConfigException("report-interval: must be at least 100ms");
        }
        if (deadAfter.compareTo(reportInterval.multipliedBy(2)) < 0) {
            throw new ConfigException("dead-after: must be at least twice report-interval ("
                    + Durations.format(reportInterval) + ")");
        }
        if (!(capacityMbps > 0)) {
            throw new ConfigException("capacity-mbps: must be > 0");
        }
    }
}
