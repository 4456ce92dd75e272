package io.meshrelay.controlplane.path;

import java.util.Arrays;
import java.util.List;

/**
 * {@link PathConstraints} resolved against one graph: avoided nodes and regions as a mask over
 * node indices, limits as primitives ({@code Integer.MAX_VALUE} / infinity when unlimited).
 * Immutable once built; shared by the searches of one query.
 */
final class SearchLimits {
    /** Transit nodes a path may not cross (the query's ends are exempted by {@link PathSearch}). */
    final boolean[] avoided;
    final int maxHops;
    final double maxLatencyMs;
    final double minBandwidthMbps;

    private SearchLimits(boolean[] avoided, int maxHops, double maxLatencyMs, double minBandwidthMbps) {
        this.avoided = avoided;
        this.maxHops = maxHops;
        this.maxLatencyMs = maxLatencyMs;
        this.minBandwidthMbps = minBandwidthMbps;
    }

    static SearchLimits resolve(MeshGraph g, PathConstraints c) {
        boolean[] avoided = new boolean[g.n];
        for (String id : c.avoidNodes()) {
            int v = g.indexOf(id);
            if (v < 0) {
                throw new PathQueryException("avoidNodes", "unknown node '" + id + "'");
            }
            avoided[v] = true;
        }
        List<String> regions = g.regions();
        for (String r : c.avoidRegions()) {
            int ri = Arrays.binarySearch(g.regionNames, r);
            if (ri < 0) {
                throw new PathQueryException("avoidRegions", "unknown region '" + r + "' (regions: "
                        + String.join(", ", regions) + ")");
            }
            for (int v = 0; v < g.n; v++) {
                if (g.region[v] == ri) {
                    avoided[v] = true;
                }
            }
        }
        return new SearchLimits(avoided,
                c.maxHops() == null ? Integer.MAX_VALUE : c.maxHops(),
                c.maxLatencyMs() == null ? Double.POSITIVE_INFINITY : c.maxLatencyMs(),
                c.minBandwidthMbps() == null ? 0 : c.minBandwidthMbps());
    }

    boolean hopLimited() {
        return maxHops != Integer.MAX_VALUE;
    }

    boolean latencyLimited() {
        return maxLatencyMs != Double.POSITIVE_INFINITY;
    }

    /** True when link {@code e} has at least the required bandwidth (always, when none is required). */
    boolean bandwidthOk(MeshGraph g, int e) {
        return minBandwidthMbps == 0 || g.bandwidthMbps[e] >= minBandwidthMbps;
    }
}
