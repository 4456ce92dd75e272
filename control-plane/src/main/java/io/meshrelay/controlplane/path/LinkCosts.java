package io.meshrelay.controlplane.path;

/**
 * Every edge's cost under one set of {@link PathWeights}, computed once per (graph, weights) so
 * searches read one array. Unusable edges cost {@code +Infinity}: link down, either end down, or
 * all probes lost ({@code loss == 1}). Also kept in the in-edge order of {@link MeshGraph} so the
 * backward search toward a target streams through memory. Immutable after construction.
 */
final class LinkCosts {
    static final double UNUSABLE = Double.POSITIVE_INFINITY;

    final PathWeights weights;
    final double[] cost;
    final double[] inCost;

    LinkCosts(MeshGraph g, PathWeights weights) {
        this.weights = weights;
        int m = g.head.length;
        cost = new double[m];
        for (int e = 0; e < m; e++) {
            cost[e] = usable(g, e)
                    ? weights.linkCost(g.rttMs[e], g.jitterMs[e], g.loss[e], g.load[g.head[e]], g.bandwidthMbps[e])
                    : UNUSABLE;
        }
        inCost = new double[m];
        for (int j = 0; j < m; j++) {
            inCost[j] = cost[g.inEdge[j]];
        }
    }

    static boolean usable(MeshGraph g, int e) {
        return g.linkUp[e] && g.nodeUp[g.tail[e]] && g.nodeUp[g.head[e]] && g.loss[e] < 1.0;
    }
}
