package io.meshrelay.controlplane.agent;

import io.meshrelay.controlplane.channel.ControlChannelConfig;
import io.meshrelay.controlplane.mesh.MeshPolicy;
import io.meshrelay.controlplane.pki.NodeIdentity;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;

/**
 * How a node takes part in a mesh.
 *
 * @param controller     the controller's control address
 * @param identity       this node's certificate and key (its id is the node id)
 * @param channel        control channel tuning
 * @param probes         link probing
 * @param reportInterval how often load and links go to the controller
 * @param capacityMbps   media bandwidth this node is sized for (load = max(cpu, bandwidth / capacity))
 * @param peerAddresses  node id -> trunk address to use instead of the one the node announced
 *                       (NAT, private interconnects, WAN emulation)
 * @param initialPolicy  used until the controller sends its own
 */
public record MeshSettings(InetSocketAddress controller, NodeIdentity identity, ControlChannelConfig channel,
        ProbeSettings probes, Duration reportInterval, double capacityMbps, Map<String, InetSocketAddress> peerAddresses,
        MeshPolicy initialPolicy) {
}
