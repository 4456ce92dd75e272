package io.meshrelay.relaycore;

import java.util.Map;

/**
 * Node-wide counters of the data plane, summed over I/O threads and legs at the time of the call.
 *
 * @param drops dropped packets by reason label (every reason present, zero included)
 */
public record DataPlaneStats(
        int sessions,
        int legs,
        long legRxPackets,
        long legRxBytes,
        long legTxPackets,
        long legTxBytes,
        long framesReceived,
        long framesTransit,
        long framesEgress,
        long framesSent,
        long trunkBytesReceived,
        long trunkBytesSent,
        long probesAnswered,
        long probeReplies,
        long trunkWriteFailures,
        Map<String, Long> drops) {
}
