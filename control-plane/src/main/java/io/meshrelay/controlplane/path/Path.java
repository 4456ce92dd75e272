package io.meshrelay.controlplane.path;

import java.util.Arrays;
import java.util.Comparator;

/**
 * A loopless path as node and edge indices, with running cost and latency from the source
 * (summed in path order, so the same path always has the same cost to the last bit). Internal
 * form; {@link PathFinder} turns it into a {@link RankedPath}. Immutable except for Yen's
 * deviation index, which only {@link KShortestPaths} touches.
 */
final class Path {
    /** Cheapest first, then fewer hops, then the lexicographically smaller node-index sequence. */
    static final Comparator<Path> ORDER = (a, b) -> {
        int c = Double.compare(a.cost, b.cost);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(a.edges.length, b.edges.length);
        return c != 0 ? c : Arrays.compare(a.nodes, b.nodes);
    };

    final int[] nodes;
    final int[] edges;
    /** Cost and one-way latency of {@code nodes[0..i]}: {@code prefixCost[nodes.length - 1]} is the path's. */
    final double[] prefixCost;
    final double[] prefixLatencyMs;
    final double cost;
    /** Index of the node where this path left the path it was derived from (Yen/Lawler). */
    int deviation;

    private Path(int[] nodes, int[] edges, double[] prefixCost, double[] prefixLatencyMs, int deviation) {
        this.nodes = nodes;
        this.edges = edges;
        this.prefixCost = prefixCost;
        this.prefixLatencyMs = prefixLatencyMs;
        this.cost = prefixCost[nodes.length - 1];
        this.deviation = deviation;
    }

    static Path of(MeshGraph g, LinkCosts costs, int source, int[] edges, int deviation) {
        int[] nodes = new int[edges.length + 1];
        double[] pc = new double[edges.length + 1];
        double[] pl = new double[edges.length + 1];
        nodes[0] = source;
        for (int i = 0; i < edges.length; i++) {
            int e = edges[i];
            nodes[i + 1] = g.head[e];
            pc[i + 1] = pc[i] + costs.cost[e];
            pl[i + 1] = pl[i] + g.rttMs[e] * 0.5;
        }
        return new Path(nodes, edges, pc, pl, deviation);
    }

    int hops() {
        return edges.length;
    }

    /** Equality by node sequence, for duplicate detection. */
    static final class Key {
        private final int[] nodes;
        private final int hash;

        Key(int[] nodes) {
            this.nodes = nodes;
            this.hash = Arrays.hashCode(nodes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && Arrays.equals(nodes, ((Key) o).nodes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
