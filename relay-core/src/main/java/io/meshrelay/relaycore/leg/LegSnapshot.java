package io.meshrelay.relaycore.leg;

import java.util.List;
import java.util.Map;

/**
 * A consistent copy of one leg's state and counters, taken on its I/O thread.
 *
 * @param pinned the leg has a socket connected to its remote (see {@link Leg#pinned()})
 * @param drops dropped packets by reason label
 */
public record LegSnapshot(
        String id,
        int port,
        String remote,
        boolean latched,
        boolean pinned,
        String crypto,
        long rxPackets,
        long rxBytes,
        long txPackets,
        long txBytes,
        Map<String, Long> drops,
        List<SsrcSnapshot> ssrcs) {

    /** Per-SSRC reception figures (RFC 3550). */
    public record SsrcSnapshot(long ssrc, long packets, long bytes, long expected, long lost, double jitterMs,
            int clockRate) {
    }
}
