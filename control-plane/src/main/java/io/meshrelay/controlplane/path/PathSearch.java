package io.meshrelay.controlplane.path;

import java.util.Arrays;

/**
 * The search engine behind {@link PathFinder}: scratch arrays sized to the graph, reused across
 * the searches of one query (or of many, in {@link PathFinder#planFrom}). Owned by one thread.
 *
 * <p>{@link #prepare} runs once per (source, target, limits): a backward Dijkstra from the target
 * gives {@code hCost[v]}, the cheapest cost from {@code v} to the target over every link the
 * query may use. Every later search (Yen spur searches, disjoint backups) only removes nodes and
 * links, so {@code hCost} is a lower bound there and consistent ({@code hCost[u] <= c(u,v) +
 * hCost[v]}), which makes it an exact A* heuristic: searches walk almost straight to the target.
 * With a hop or latency limit, backward BFS / Dijkstra give {@code hHops} and {@code hLat},
 * lower bounds used to prune.
 *
 * <p>Two searches, both exact:
 * <ul>
 * <li>no hop or latency limit: A* with one label per node, on (cost, hops) in lexicographic
 * order, so among equally cheap paths the one with fewest hops is found;</li>
 * <li>hop and/or latency limit: label-setting over (node, cost, hops, latency), labels popped in
 * order of {@code cost + hCost}, a label discarded when a permanent label at the same node is no
 * worse in cost and in each limited resource. With only a hop limit this is Dijkstra on the
 * hop-layered graph (node, hops), which plain Dijkstra is not: keeping only the cheapest way into
 * a node loses a dearer way with fewer hops that alone fits the limit. docs/paths.md has the
 * proof and the counter-example; PathFinderTest has both.</li>
 * </ul>
 */
final class PathSearch {
    static final double INF = Double.POSITIVE_INFINITY;
    static final int DEFAULT_MAX_LABELS = 1 << 20;

    private final MeshGraph g;
    private final double[] cost;
    private final double[] inCost;
    private final int n;

    // the query
    private int target = -1;
    private final boolean[] avoided;
    private SearchLimits limits;
    private boolean hopLimited;
    private boolean latLimited;
    private double latPruneAbove;
    final double[] hCost;
    private final double[] hLat;
    private final int[] hHops;

    // bans of one search: nodes (Yen's root path, disjointness) and first hops out of the start
    private final int[] banStamp;
    private int banEpoch = 1;
    private int[] forbiddenFirst = new int[8];
    private int forbiddenCount;

    // A* state
    private final double[] gv;
    private final double[] fv;
    private final int[] hopsv;
    private final int[] parentEdge;
    private final int[] seen;
    private final int[] closed;
    private int visitEpoch;
    private final NodeHeap heap;
    private final int[] bfsQueue;

    // label-setting state
    private final int maxLabels;
    private boolean truncated;
    private int labelCount;
    private int[] lNode = new int[64];
    private int[] lEdge = new int[64];
    private int[] lParent = new int[64];
    private int[] lHops = new int[64];
    private int[] lNextPerm = new int[64];
    private double[] lCost = new double[64];
    private double[] lLat = new double[64];
    private double[] lF = new double[64];
    private int[] lHeap = new int[64];
    private int lHeapSize;
    private final int[] permHead;
    private final int[] permStamp;
    private int permEpoch;

    PathSearch(MeshGraph g, LinkCosts costs) {
        this(g, costs, DEFAULT_MAX_LABELS);
    }

    PathSearch(MeshGraph g, LinkCosts costs, int maxLabels) {
        this.g = g;
        this.cost = costs.cost;
        this.inCost = costs.inCost;
        this.n = g.n;
        this.maxLabels = maxLabels;
        avoided = new boolean[n];
        hCost = new double[n];
        hLat = new double[n];
        hHops = new int[n];
        banStamp = new int[n];
        gv = new double[n];
        fv = new double[n];
        hopsv = new int[n];
        parentEdge = new int[n];
        seen = new int[n];
        closed = new int[n];
        heap = new NodeHeap(n);
        bfsQueue = new int[n];
        permHead = new int[n];
        permStamp = new int[n];
    }

    /** True when a label budget ran out since the last {@link #prepare}: results may be incomplete. */
    boolean truncated() {
        return truncated;
    }

    /**
     * Sets the query and computes the lower bounds toward {@code target}. Returns false when
     * {@code source} cannot reach {@code target} at all under the limits.
     */
    boolean prepare(int source, int target, SearchLimits limits) {
        this.target = target;
        this.limits = limits;
        this.truncated = false;
        System.arraycopy(limits.avoided, 0, avoided, 0, n);
        avoided[source] = false;
        avoided[target] = false;
        hopLimited = limits.hopLimited();
        latLimited = limits.latencyLimited();
        // Lower bounds are summed in another order than a path's latency: allow for rounding.
        latPruneAbove = limits.maxLatencyMs + 1e-9 * Math.max(1, limits.maxLatencyMs);
        backwardCost();
        if (latLimited) {
            backwardLatency();
        }
        if (hopLimited) {
            backwardHops();
        }
        return hCost[source] != INF
                && (!hopLimited || hHops[source] <= limits.maxHops)
                && (!latLimited || hLat[source] <= latPruneAbove);
    }

    /** Starts a new set of per-search bans (none). */
    void clearBans() {
        if (++banEpoch == Integer.MAX_VALUE) {
            Arrays.fill(banStamp, 0);
            banEpoch = 1;
        }
        forbiddenCount = 0;
    }

    void ban(int v) {
        banStamp[v] = banEpoch;
    }

    /** Forbids the link from the search's start node to {@code v}. */
    void forbidFirstHop(int v) {
        if (forbiddenCount == forbiddenFirst.length) {
            forbiddenFirst = Arrays.copyOf(forbiddenFirst, forbiddenCount * 2);
        }
        forbiddenFirst[forbiddenCount++] = v;
    }

    private boolean forbiddenFirstHop(int v) {
        for (int i = 0; i < forbiddenCount; i++) {
            if (forbiddenFirst[i] == v) {
                return true;
            }
        }
        return false;
    }

    /**
     * The cheapest path from {@code start} to the target that respects the query limits and the
     * current bans, continuing a root path that already has {@code rootCost}, {@code rootLatMs}
     * and {@code rootHops}; returned as its edges in order, or null if there is none.
     */
    int[] search(int start, double rootCost, double rootLatMs, int rootHops) {
        if (hCost[start] == INF) {
            return null;
        }
        return hopLimited || latLimited
                ? labelSearch(start, rootCost, rootLatMs, rootHops)
                : aStar(start, rootCost);
    }

    // ------------------------------------------------------------------------------------ A*

    private int[] aStar(int start, double rootCost) {
        if (++visitEpoch == Integer.MAX_VALUE) {
            Arrays.fill(seen, 0);
            Arrays.fill(closed, 0);
            visitEpoch = 1;
        }
        final int epoch = visitEpoch;
        final MeshGraph g = this.g;
        final double minBw = limits.minBandwidthMbps;
        // (cost, hops) in lexicographic order: hCost with 0 hops is still a consistent heuristic.
        heap.reset(fv, hopsv);
        gv[start] = rootCost;
        fv[start] = rootCost + hCost[start];
        hopsv[start] = 0;
        parentEdge[start] = -1;
        seen[start] = epoch;
        heap.push(start);
        while (!heap.isEmpty()) {
            int u = heap.pop();
            closed[u] = epoch;
            if (u == target) {
                return trace(start);
            }
            double gu = gv[u];
            int nh = hopsv[u] + 1;
            boolean atStart = u == start && forbiddenCount > 0;
            for (int e = g.outStart[u], end = g.outStart[u + 1]; e < end; e++) {
                int v = g.head[e];
                double hv = hCost[v];
                double c = cost[e];
                if (hv == INF || c == INF || closed[v] == epoch || banStamp[v] == banEpoch) {
                    continue;
                }
                if (minBw != 0 && !(g.bandwidthMbps[e] >= minBw)) {
                    continue;
                }
                if (atStart && forbiddenFirstHop(v)) {
                    continue;
                }
                double ng = gu + c;
                if (seen[v] != epoch) {
                    seen[v] = epoch;
                    gv[v] = ng;
                    fv[v] = ng + hv;
                    hopsv[v] = nh;
                    parentEdge[v] = e;
                    heap.push(v);
                } else if (ng < gv[v] || ng == gv[v] && nh < hopsv[v]) {
                    gv[v] = ng;
                    fv[v] = ng + hv;
                    hopsv[v] = nh;
                    parentEdge[v] = e;
                    heap.update(v);
                }
            }
        }
        return null;
    }

    private int[] trace(int start) {
        int len = 0;
        for (int v = target; v != start; v = g.tail[parentEdge[v]]) {
            len++;
        }
        int[] edges = new int[len];
        int v = target;
        for (int i = len - 1; i >= 0; i--) {
            int e = parentEdge[v];
            edges[i] = e;
            v = g.tail[e];
        }
        return edges;
    }

    // ------------------------------------------------------------------------- label setting

    private int[] labelSearch(int start, double rootCost, double rootLat, int rootHops) {
        if (++permEpoch == Integer.MAX_VALUE) {
            Arrays.fill(permStamp, 0);
            permEpoch = 1;
        }
        labelCount = 0;
        lHeapSize = 0;
        final MeshGraph g = this.g;
        final int maxHops = limits.maxHops;
        final double maxLat = limits.maxLatencyMs;
        final double minBw = limits.minBandwidthMbps;
        if (rootHops + (hopLimited ? hHops[start] : 0) > maxHops
                || latLimited && rootLat + hLat[start] > latPruneAbove) {
            return null;
        }
        int first = newLabel(start, -1, -1, rootCost, rootLat, rootHops);
        pushLabel(first);
        while (lHeapSize > 0) {
            int l = popLabel();
            int u = lNode[l];
            double cu = lCost[l];
            double latU = lLat[l];
            int hopsU = lHops[l];
            if (dominated(u, cu, latU, hopsU)) {
                continue;
            }
            lNextPerm[l] = permStamp[u] == permEpoch ? permHead[u] : -1;
            permHead[u] = l;
            permStamp[u] = permEpoch;
            if (u == target) {
                if (hopsU <= maxHops && latU <= maxLat) {
                    return traceLabel(l);
                }
                continue; // over the limit by rounding only; a path never passes through its target
            }
            boolean atStart = l == first && forbiddenCount > 0;
            int nh = hopsU + 1;
            for (int e = g.outStart[u], end = g.outStart[u + 1]; e < end; e++) {
                int v = g.head[e];
                double hv = hCost[v];
                double c = cost[e];
                if (hv == INF || c == INF || banStamp[v] == banEpoch) {
                    continue;
                }
                if (minBw != 0 && !(g.bandwidthMbps[e] >= minBw)) {
                    continue;
                }
                if (atStart && forbiddenFirstHop(v)) {
                    continue;
                }
                if (hopLimited && nh + hHops[v] > maxHops) {
                    continue;
                }
                double nl = latU + g.rttMs[e] * 0.5;
                if (latLimited && nl + hLat[v] > latPruneAbove) {
                    continue;
                }
                double nc = cu + c;
                if (dominated(v, nc, nl, nh)) {
                    continue;
                }
                if (labelCount == maxLabels) {
                    truncated = true;
                    return null;
                }
                pushLabel(newLabel(v, e, l, nc, nl, nh));
            }
        }
        return null;
    }

    /** True when a permanent label at {@code v} is no worse in cost and in every limited resource. */
    private boolean dominated(int v, double c, double lat, int hops) {
        if (permStamp[v] != permEpoch) {
            return false;
        }
        for (int p = permHead[v]; p >= 0; p = lNextPerm[p]) {
            if (lCost[p] <= c && (!hopLimited || lHops[p] <= hops) && (!latLimited || lLat[p] <= lat)) {
                return true;
            }
        }
        return false;
    }

    private int newLabel(int node, int edge, int parent, double c, double lat, int hops) {
        if (labelCount == lNode.length) {
            int cap = labelCount * 2;
            lNode = Arrays.copyOf(lNode, cap);
            lEdge = Arrays.copyOf(lEdge, cap);
            lParent = Arrays.copyOf(lParent, cap);
            lHops = Arrays.copyOf(lHops, cap);
            lNextPerm = Arrays.copyOf(lNextPerm, cap);
            lCost = Arrays.copyOf(lCost, cap);
            lLat = Arrays.copyOf(lLat, cap);
            lF = Arrays.copyOf(lF, cap);
            lHeap = Arrays.copyOf(lHeap, cap);
        }
        int l = labelCount++;
        lNode[l] = node;
        lEdge[l] = edge;
        lParent[l] = parent;
        lCost[l] = c;
        lLat[l] = lat;
        lHops[l] = hops;
        lF[l] = c + hCost[node];
        return l;
    }

    private int[] traceLabel(int l) {
        int len = 0;
        for (int x = l; lEdge[x] >= 0; x = lParent[x]) {
            len++;
        }
        int[] edges = new int[len];
        for (int x = l, i = len - 1; i >= 0; x = lParent[x], i--) {
            edges[i] = lEdge[x];
        }
        return edges;
    }

    /** Label order: f, then fewer hops, then larger cost (nearer the target), then node, then age. */
    private boolean labelBefore(int a, int b) {
        if (lF[a] != lF[b]) {
            return lF[a] < lF[b];
        }
        if (lHops[a] != lHops[b]) {
            return lHops[a] < lHops[b];
        }
        if (lCost[a] != lCost[b]) {
            return lCost[a] > lCost[b];
        }
        if (lNode[a] != lNode[b]) {
            return lNode[a] < lNode[b];
        }
        return a < b;
    }

    private void pushLabel(int l) {
        int i = lHeapSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!labelBefore(l, lHeap[parent])) {
                break;
            }
            lHeap[i] = lHeap[parent];
            i = parent;
        }
        lHeap[i] = l;
    }

    private int popLabel() {
        int top = lHeap[0];
        int last = lHeap[--lHeapSize];
        int i = 0;
        int half = lHeapSize >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            if (c + 1 < lHeapSize && labelBefore(lHeap[c + 1], lHeap[c])) {
                c++;
            }
            if (!labelBefore(lHeap[c], last)) {
                break;
            }
            lHeap[i] = lHeap[c];
            i = c;
        }
        if (lHeapSize > 0) {
            lHeap[i] = last;
        }
        return top;
    }

    // ------------------------------------------------------------------- backward lower bounds

    private boolean usableBackward(int j, int u) {
        return !avoided[u] && inCost[j] != INF && limits.bandwidthOk(g, g.inEdge[j]);
    }

    private void backwardCost() {
        Arrays.fill(hCost, INF);
        hCost[target] = 0;
        heap.reset(hCost, null);
        heap.push(target);
        while (!heap.isEmpty()) {
            int v = heap.pop();
            double hv = hCost[v];
            for (int j = g.inStart[v], end = g.inStart[v + 1]; j < end; j++) {
                int u = g.inTail[j];
                double nd = hv + inCost[j];
                if (nd < hCost[u] && usableBackward(j, u)) {
                    boolean fresh = hCost[u] == INF;
                    hCost[u] = nd;
                    if (fresh) {
                        heap.push(u);
                    } else if (heap.contains(u)) {
                        heap.update(u);
                    }
                }
            }
        }
    }

    private void backwardLatency() {
        Arrays.fill(hLat, INF);
        hLat[target] = 0;
        heap.reset(hLat, null);
        heap.push(target);
        while (!heap.isEmpty()) {
            int v = heap.pop();
            double hv = hLat[v];
            for (int j = g.inStart[v], end = g.inStart[v + 1]; j < end; j++) {
                int u = g.inTail[j];
                double nd = hv + g.rttMs[g.inEdge[j]] * 0.5;
                if (nd < hLat[u] && usableBackward(j, u)) {
                    boolean fresh = hLat[u] == INF;
                    hLat[u] = nd;
                    if (fresh) {
                        heap.push(u);
                    } else if (heap.contains(u)) {
                        heap.update(u);
                    }
                }
            }
        }
    }

    private void backwardHops() {
        Arrays.fill(hHops, Integer.MAX_VALUE / 2);
        hHops[target] = 0;
        int head = 0;
        int tail = 0;
        bfsQueue[tail++] = target;
        while (head < tail) {
            int v = bfsQueue[head++];
            for (int j = g.inStart[v], end = g.inStart[v + 1]; j < end; j++) {
                int u = g.inTail[j];
                if (hHops[u] == Integer.MAX_VALUE / 2 && usableBackward(j, u)) {
                    hHops[u] = hHops[v] + 1;
                    bfsQueue[tail++] = u;
                }
            }
        }
    }
}
