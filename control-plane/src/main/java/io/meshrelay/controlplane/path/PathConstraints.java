package io.meshrelay.controlplane.path;

import java.util.List;
import java.util.TreeSet;

/**
 * Hard limits a path must meet; {@code null} or empty means "no limit". Avoided nodes and regions
 * apply to transit nodes only: the two ends of a path are given by the query. Immutable; the
 * lists are kept sorted and without duplicates so equal constraints compare and print equal.
 *
 * @param maxHops          most links on the path (1 = direct only)
 * @param maxLatencyMs     most one-way latency (sum of rttMs/2), ms
 * @param minBandwidthMbps least available bandwidth on every link, Mbit/s; links without an
 *                         estimate fail it
 * @param avoidNodes       node ids no path may cross
 * @param avoidRegions     regions no path may cross
 */
public record PathConstraints(Integer maxHops, Double maxLatencyMs, Double minBandwidthMbps,
        List<String> avoidNodes, List<String> avoidRegions) {

    public static final PathConstraints NONE = new PathConstraints(null, null, null, List.of(), List.of());

    public PathConstraints {
        if (maxHops != null && maxHops < 1) {
            throw new PathQueryException("maxHops", "must be >= 1, got " + maxHops);
        }
        if (maxLatencyMs != null && !(maxLatencyMs >= 0 && maxLatencyMs < Double.POSITIVE_INFINITY)) {
            throw new PathQueryException("maxLatencyMs", "must be a finite number of ms >= 0, got " + maxLatencyMs);
        }
        if (minBandwidthMbps != null && !(minBandwidthMbps >= 0 && minBandwidthMbps < Double.POSITIVE_INFINITY)) {
            throw new PathQueryException("minBandwidthMbps", "must be a finite number >= 0, got " + minBandwidthMbps);
        }
        avoidNodes = sorted("avoidNodes", avoidNodes);
        avoidRegions = sorted("avoidRegions", avoidRegions);
    }

    public PathConstraints withMaxHops(Integer hops) {
        return new PathConstraints(hops, maxLatencyMs, minBandwidthMbps, avoidNodes, avoidRegions);
    }

    public PathConstraints withMaxLatencyMs(Double ms) {
        return new PathConstraints(maxHops, ms, minBandwidthMbps, avoidNodes, avoidRegions);
    }

    public PathConstraints withMinBandwidthMbps(Double mbps) {
        return new PathConstraints(maxHops, maxLatencyMs, mbps, avoidNodes, avoidRegions);
    }

    public PathConstraints withAvoidNodes(List<String> ids) {
        return new PathConstraints(maxHops, maxLatencyMs, minBandwidthMbps, ids, avoidRegions);
    }

    public PathConstraints withAvoidRegions(List<String> regions) {
        return new PathConstraints(maxHops, maxLatencyMs, minBandwidthMbps, avoidNodes, regions);
    }

    /** True when nothing is limited: the search can keep one label per node. */
    public boolean limitsNothing() {
        return maxHops == null && maxLatencyMs == null && minBandwidthMbps == null
                && avoidNodes.isEmpty() && avoidRegions.isEmpty();
    }

    private static List<String> sorted(String field, List<String> values) {
        if (values == null) {
            return List.of();
        }
        TreeSet<String> s = new TreeSet<>();
        for (String v : values) {
            if (v == null || v.isBlank()) {
                throw new PathQueryException(field, "contains an empty name");
            }
            s.add(v.trim());
        }
        return List.copyOf(s);
    }
}
