package io.meshrelay.controlplane.node;

import io.meshrelay.controlplane.api.PrometheusText;
import io.meshrelay.relaycore.DataPlaneStats;
import java.util.Map;

/** Writes the data plane's counters in Prometheus text format. */
public final class DataPlaneMetrics {
    private DataPlaneMetrics() {
    }

    public static void write(PrometheusText t, DataPlaneStats s) {
        t.family("sessions", "gauge", "Sessions with state on this node.").sample("sessions", s.sessions());
        t.family("legs", "gauge", "Participant legs on this node.").sample("legs", s.legs());
        t.family("leg_packets_total", "counter", "Packets on participant legs by direction.")
                .sample("leg_packets_total", s.legRxPackets(), "direction", "rx")
                .sample("leg_packets_total", s.legTxPackets(), "direction", "tx");
        t.family("leg_bytes_total", "counter", "Bytes on participant legs by direction.")
                .sample("leg_bytes_total", s.legRxBytes(), "direction", "rx")
                .sample("leg_bytes_total", s.legTxBytes(), "direction", "tx");
        t.family("trunk_frames_total", "counter", "Trunk frames: received, forwarded in transit, delivered here, sent.")
                .sample("trunk_frames_total", s.framesReceived(), "kind", "received")
                .sample("trunk_frames_total", s.framesTransit(), "kind", "transit")
                .sample("trunk_frames_total", s.framesEgress(), "kind", "egress")
                .sample("trunk_frames_total", s.framesSent(), "kind", "sent");
        t.family("trunk_bytes_total", "counter", "Bytes of trunk frames by direction.")
                .sample("trunk_bytes_total", s.trunkBytesReceived(), "direction", "rx")
                .sample("trunk_bytes_total", s.trunkBytesSent(), "direction", "tx");
        t.family("probes_total", "counter", "Link probes answered for peers and answers received to ours.")
                .sample("probes_total", s.probesAnswered(), "kind", "answered")
                .sample("probes_total", s.probeReplies(), "kind", "replies");
        t.family("trunk_write_failures_total", "counter", "Trunk datagrams the socket refused.")
                .sample("trunk_write_failures_total", s.trunkWriteFailures());
        t.family("dropped_packets_total", "counter", "Packets dropped, by reason.");
        for (Map.Entry<String, Long> e : s.drops().entrySet()) {
            t.sample("dropped_packets_total", e.getValue(), "reason", e.getKey());
        }
    }
}
