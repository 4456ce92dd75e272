package io.meshrelay.controlplane.path;

import io.meshrelay.controlplane.Suggest;
import io.meshrelay.controlplane.lsdb.LsdbSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Path computation over one LSDB snapshot under one set of weights: the best path, the k best
 * loopless paths, primary + backup plans and the evaluation of a given path. Pure: no I/O, no
 * logging, no clock; the same graph, weights and query give the same answer, to the bit.
 * Immutable and thread-safe (each call uses its own scratch state).
 */
public final class PathFinder {
    private final MeshGraph graph;
    private final LinkCosts costs;

    public PathFinder(MeshGraph graph, PathWeights weights) {
        this.graph = graph;
        this.costs = new LinkCosts(graph, weights);
    }

    public static PathFinder of(LsdbSnapshot snapshot, PathWeights weights) {
        return new PathFinder(MeshGraph.of(snapshot), weights);
    }

    /** This finder if {@code weights} are its own, else one over the same graph with them. */
    public PathFinder withWeights(PathWeights weights) {
        return weights.equals(costs.weights) ? this : new PathFinder(graph, weights);
    }

    public MeshGraph graph() {
        return graph;
    }

    public PathWeights weights() {
        return costs.weights;
    }

    /** The cheapest path meeting the constraints, if any. */
    public Optional<RankedPath> best(String from, String to, PathConstraints constraints) {
        List<RankedPath> one = rank(from, to, 1, constraints);
        return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
    }

    /** The {@code k} cheapest loopless paths meeting the constraints, cheapest first (fewer if fewer exist). */
    public List<RankedPath> rank(String from, String to, int k, PathConstraints constraints) {
        return plan(from, to, k, 0, constraints).ranked();
    }

    /**
     * The k cheapest paths, the primary (the cheapest) and up to {@code backups} backups. Each
     * backup is the cheapest path, within the constraints, that shares no transit node, link or
     * transit region with the primary and earlier backups; failing that the cheapest sharing no
     * transit node or link; failing that the ranked path sharing the fewest transit nodes.
     */
    public PathPlan plan(String from, String to, int k, int backups, PathConstraints constraints) {
        int s = node("from", from);
        int t = node("to", to);
        if (s == t) {
            throw new PathQueryException("to", "'" + to + "' is also the source");
        }
        checkCounts(k, backups);
        SearchLimits limits = limits(constraints, s, t);
        return plan(new PathSearch(graph, costs), s, t, k, backups, limits);
    }

    /**
     * Plans from {@code from} to every other node, as a node's control plane does for the flows it
     * originates: destination id (ascending) to plan. One scratch state for all destinations.
     */
    public Map<String, PathPlan> planFrom(String from, int k, int backups, PathConstraints constraints) {
        int s = node("from", from);
        checkCounts(k, backups);
        SearchLimits limits = limits(constraints, s, -1);
        PathSearch ps = new PathSearch(graph, costs);
        Map<String, PathPlan> plans = new LinkedHashMap<>();
        for (int t = 0; t < graph.n; t++) {
            if (t != s) {
                plans.put(graph.ids[t], plan(ps, s, t, k, backups, limits));
            }
        }
        return plans;
    }

    private PathPlan plan(PathSearch ps, int s, int t, int k, int backups, SearchLimits limits) {
        if (!ps.prepare(s, t, limits)) {
            return new PathPlan(List.of(), null, List.of(), true);
        }
        List<Path> ranked = KShortestPaths.find(graph, costs, ps, s, k);
        List<RankedPath> out = new ArrayList<>(ranked.size());
        for (int i = 0; i < ranked.size(); i++) {
            out.add(describe(ranked.get(i).edges, s, i + 1));
        }
        if (ranked.isEmpty()) {
            return new PathPlan(out, null, List.of(), !ps.truncated());
        }
        List<BackupPath> chosen = new ArrayList<>();
        List<Path> used = new ArrayList<>();
        used.add(ranked.get(0));
        for (int b = 0; b < backups; b++) {
            BackupPath next = backup(ps, s, t, used, ranked);
            if (next == null) {
                break;
            }
            chosen.add(next);
        }
        return new PathPlan(out, out.get(0), chosen, !ps.truncated());
    }

    private BackupPath backup(PathSearch ps, int s, int t, List<Path> used, List<Path> ranked) {
        boolean[] transit = new boolean[graph.n];
        boolean[] transitRegion = new boolean[graph.regionNames.length];
        boolean directUsed = false;
        for (Path p : used) {
            directUsed |= p.hops() == 1;
            for (int i = 1; i < p.nodes.length - 1; i++) {
                transit[p.nodes[i]] = true;
                transitRegion[graph.region[p.nodes[i]]] = true;
            }
        }
        // The ends' regions cannot be avoided: crossing them again is no loss of diversity.
        transitRegion[graph.region[s]] = false;
        transitRegion[graph.region[t]] = false;
        for (int pass = 0; pass < 2; pass++) {
            ps.clearBans();
            for (int v = 0; v < graph.n; v++) {
                if (v != s && v != t && (transit[v] || pass == 0 && transitRegion[graph.region[v]])) {
                    ps.ban(v);
                }
            }
            if (directUsed) {
                ps.forbidFirstHop(t);
            }
            int[] edges = ps.search(s, 0, 0, 0);
            if (edges != null) {
                Path p = Path.of(graph, costs, s, edges, 0);
                used.add(p);
                List<String> sharedRegions = pass == 0 ? List.of() : sharedRegions(p, transitRegion);
                return new BackupPath(describe(edges, s, rankOf(p, ranked)),
                        pass == 0 || sharedRegions.isEmpty() ? Diversity.NODE_AND_REGION_DISJOINT : Diversity.NODE_DISJOINT,
                        List.of(), sharedRegions);
            }
        }
        // No disjoint path within the constraints: the ranked path that overlaps least.
        Path best = null;
        int bestShared = Integer.MAX_VALUE;
        for (Path p : ranked) {
            if (contains(used, p)) {
                continue;
            }
            int shared = 0;
            for (int i = 1; i < p.nodes.length - 1; i++) {
                shared += transit[p.nodes[i]] ? 1 : 0;
            }
            shared += directUsed && p.hops() == 1 ? 1 : 0;
            if (shared < bestShared) {
                bestShared = shared;
                best = p;
            }
        }
        if (best == null) {
            return null;
        }
        used.add(best);
        List<String> sharedNodes = new ArrayList<>();
        for (int i = 1; i < best.nodes.length - 1; i++) {
            if (transit[best.nodes[i]]) {
                sharedNodes.add(graph.ids[best.nodes[i]]);
            }
        }
        return new BackupPath(describe(best.edges, s, rankOf(best, ranked)), Diversity.OVERLAPPING, sharedNodes,
                sharedRegions(best, transitRegion));
    }

    private List<String> sharedRegions(Path p, boolean[] transitRegion) {
        Set<String> shared = new TreeSet<>();
        for (int i = 1; i < p.nodes.length - 1; i++) {
            if (transitRegion[graph.region[p.nodes[i]]]) {
                shared.add(graph.regionOf(p.nodes[i]));
            }
        }
        return List.copyOf(shared);
    }

    private static boolean contains(List<Path> paths, Path p) {
        for (Path q : paths) {
            if (Arrays.equals(q.nodes, p.nodes)) {
                return true;
            }
        }
        return false;
    }

    private static Integer rankOf(Path p, List<Path> ranked) {
        for (int i = 0; i < ranked.size(); i++) {
            if (Arrays.equals(ranked.get(i).nodes, p.nodes)) {
                return i + 1;
            }
        }
        return null;
    }

    /**
     * Measures {@code nodes} (source first) on this snapshot: whether it still works, whether it
     * meets {@code constraints}, and its metrics. Unknown nodes or missing links make it unusable.
     */
    public PathEvaluation evaluate(List<String> nodes, PathConstraints constraints) {
        if (nodes.size() < 2) {
            throw new PathQueryException("nodes", "a path needs at least two nodes, got " + nodes);
        }
        if (new LinkedHashSet<>(nodes).size() != nodes.size()) {
            throw new PathQueryException("nodes", "a path visits each node once, got " + nodes);
        }
        int[] idx = new int[nodes.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = graph.indexOf(nodes.get(i));
            if (idx[i] < 0) {
                return new PathEvaluation(nodes, false, false, "node '" + nodes.get(i) + "' is not in the LSDB", null);
            }
        }
        for (int v : idx) {
            if (!graph.nodeUp[v]) {
                return new PathEvaluation(nodes, false, false, "node '" + graph.ids[v] + "' is down", null);
            }
        }
        int[] edges = new int[idx.length - 1];
        for (int i = 0; i < edges.length; i++) {
            int e = graph.edge(idx[i], idx[i + 1]);
            String link = "link " + graph.ids[idx[i]] + " -> " + graph.ids[idx[i + 1]];
            if (e < 0) {
                return new PathEvaluation(nodes, false, false, link + " is not in the LSDB", null);
            }
            if (!graph.linkUp[e]) {
                return new PathEvaluation(nodes, false, false, link + " is down", null);
            }
            if (graph.loss[e] >= 1) {
                return new PathEvaluation(nodes, false, false, link + " loses every packet", null);
            }
            edges[i] = e;
        }
        RankedPath metrics = describe(edges, idx[0], null);
        String problem = violation(idx, edges, metrics, constraints);
        return new PathEvaluation(nodes, true, problem == null, problem, metrics);
    }

    private String violation(int[] idx, int[] edges, RankedPath m, PathConstraints c) {
        if (c.maxHops() != null && m.hops() > c.maxHops()) {
            return m.hops() + " hops, more than max-hops " + c.maxHops();
        }
        if (c.maxLatencyMs() != null && m.latencyMs() > c.maxLatencyMs()) {
            return "latency " + m.latencyMs() + " ms, more than max-latency " + c.maxLatencyMs() + " ms";
        }
        if (c.minBandwidthMbps() != null && c.minBandwidthMbps() > 0) {
            for (int e : edges) {
                if (!(graph.bandwidthMbps[e] >= c.minBandwidthMbps())) {
                    return "link " + graph.ids[graph.tail[e]] + " -> " + graph.ids[graph.head[e]] + " has "
                            + (Double.isNaN(graph.bandwidthMbps[e]) ? "no bandwidth estimate"
                                    : graph.bandwidthMbps[e] + " Mbit/s")
                            + ", less than min-bandwidth " + c.minBandwidthMbps() + " Mbit/s";
                }
            }
        }
        for (int i = 1; i < idx.length - 1; i++) {
            String id = graph.ids[idx[i]];
            if (c.avoidNodes().contains(id)) {
                return "crosses avoided node '" + id + "'";
            }
            if (c.avoidRegions().contains(graph.regionOf(idx[i]))) {
                return "crosses node '" + id + "' in avoided region '" + graph.regionOf(idx[i]) + "'";
            }
        }
        return null;
    }

    /** The metrics of the path {@code edges} from {@code source}. */
    private RankedPath describe(int[] edges, int source, Integer rank) {
        List<String> ids = new ArrayList<>(edges.length + 1);
        LinkedHashSet<String> regions = new LinkedHashSet<>();
        ids.add(graph.ids[source]);
        regions.add(graph.regionOf(source));
        double c = 0;
        double rtt = 0;
        double jitter = 0;
        double delivered = 1;
        double bottleneck = Double.POSITIVE_INFINITY;
        boolean bandwidthKnown = true;
        double maxLoad = -1;
        String maxLoadNode = null;
        for (int e : edges) {
            int v = graph.head[e];
            ids.add(graph.ids[v]);
            regions.add(graph.regionOf(v));
            c += costs.cost[e];
            rtt += graph.rttMs[e];
            jitter += graph.jitterMs[e];
            delivered *= 1 - graph.loss[e];
            double bw = graph.bandwidthMbps[e];
            if (Double.isNaN(bw)) {
                bandwidthKnown = false;
            } else {
                bottleneck = Math.min(bottleneck, bw);
            }
            if (graph.load[v] > maxLoad) {
                maxLoad = graph.load[v];
                maxLoadNode = graph.ids[v];
            }
        }
        return new RankedPath(rank, ids, c, edges.length, rtt * 0.5, rtt, jitter, 1 - delivered,
                bandwidthKnown ? bottleneck : null, maxLoad, maxLoadNode, new ArrayList<>(regions));
    }

    private int node(String field, String id) {
        if (id == null || id.isEmpty()) {
            throw new PathQueryException(field, "missing node id");
        }
        int i = graph.indexOf(id);
        if (i < 0) {
            throw new PathQueryException(field, "unknown node '" + id + "'" + nearest(id));
        }
        return i;
    }

    private String nearest(String id) {
        String best = Suggest.nearest(id, java.util.Arrays.asList(graph.ids), Math.max(1, id.length() / 3));
        return best != null ? " (did you mean '" + best + "'?)" : "";
    }

    private SearchLimits limits(PathConstraints c, int s, int t) {
        for (String id : c.avoidNodes()) {
            int v = graph.indexOf(id);
            if (v == s || v == t && t >= 0) {
                throw new PathQueryException("avoidNodes", "'" + id + "' is an end of the path; only transit nodes can be avoided");
            }
        }
        return SearchLimits.resolve(graph, c);
    }

    private static void checkCounts(int k, int backups) {
        if (k < 1) {
            throw new PathQueryException("k", "must be >= 1, got " + k);
        }
        if (backups < 0) {
            throw new PathQueryException("backups", "must be >= 0, got " + backups);
        }
    }

}
