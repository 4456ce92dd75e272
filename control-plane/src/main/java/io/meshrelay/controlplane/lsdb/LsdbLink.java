package io.meshrelay.controlplane.lsdb;

/**
 * One directed link {@code from -> to} as measured by {@code from}'s agent. Immutable.
 *
 * @param from                   measuring node
 * @param to                     probed node
 * @param rttMs                  smoothed round-trip time, ms (path latency counts half of it one way)
 * @param jitterMs               interarrival jitter of the probes, ms (RFC 3550 section 6.4.1 style)
 * @param loss                   fraction 0..1 of probes lost over the agent's window; 1 makes the link unusable
 * @param availableBandwidthMbps spare capacity estimate, Mbit/s; null when not measured yet
 * @param up                     false when the agent declared the link down (fast-reroute trigger)
 */
public record LsdbLink(String from, String to, double rttMs, double jitterMs, double loss,
        Double availableBandwidthMbps, boolean up) {

    public LsdbLink {
        LsdbNode.requireName("from", from);
        LsdbNode.requireName("to", to);
        if (from.equals(to)) {
            throw new LsdbException("to: a link cannot lead from '" + from + "' to itself");
        }
        finiteNonNegative("rttMs", rttMs);
        finiteNonNegative("jitterMs", jitterMs);
        if (!(loss >= 0 && loss <= 1)) {
            throw new LsdbException("loss: must be within 0..1, got " + loss);
        }
        LoadFigures.nonNegative("availableBandwidthMbps", availableBandwidthMbps);
    }

    /** An up link with no jitter, no loss and no bandwidth estimate (RTT-only data). */
    public static LsdbLink rttOnly(String from, String to, double rttMs) {
        return new LsdbLink(from, to, rttMs, 0, 0, null, true);
    }

    private static void finiteNonNegative(String field, double v) {
        if (!(v >= 0 && v < Double.POSITIVE_INFINITY)) {
            throw new LsdbException(field + ": must be a finite number >= 0, got " + v);
        }
    }
}
