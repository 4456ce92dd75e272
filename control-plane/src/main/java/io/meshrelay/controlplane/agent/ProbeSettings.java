package io.meshrelay.controlplane.agent;

import java.time.Duration;

/**
 * How the agent probes its links.
 *
 * @param idleInterval     probe period of links no flow uses
 * @param activeInterval   probe period of links that carry flows (detection speed of fast reroute)
 * @param downAfter        a link is down once no answer came for this long beyond its RTT
 * @param lossWindow       probes in the sliding loss window
 * @param trainInterval    period of bandwidth trains per link (low duty cycle)
 * @param trainPackets     packets per train
 * @param trainPacketBytes bytes per train packet
 */
public record ProbeSettings(Duration idleInterval, Duration activeInterval, Duration downAfter, int lossWindow,
        Duration trainInterval, int trainPackets, int trainPacketBytes) {

    public ProbeSettings {
        if (activeInterval.compareTo(idleInterval) > 0) {
            throw new IllegalArgumentException("the active probe interval must not exceed the idle one");
        }
        if (lossWindow < 4 || lossWindow > 1000) {
            throw new IllegalArgumentException("loss window must be 4..1000 probes");
        }
        if (trainPackets < 2 || trainPackets > 64) {
            throw new IllegalArgumentException("a train has 2..64 packets");
        }
    }

    public static ProbeSettings defaults() {
        return new ProbeSettings(Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMillis(200), 50,
                Duration.ofSeconds(30), 8, 1200);
    }
}
