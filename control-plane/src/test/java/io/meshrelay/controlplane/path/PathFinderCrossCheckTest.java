package io.meshrelay.controlplane.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.meshrelay.controlplane.lsdb.LsdbSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.alg.shortestpath.YenKShortestPath;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleDirectedWeightedGraph;
import org.junit.jupiter.api.Test;

/**
 * The path library against independent implementations on thousands of random graphs: JGraphT's
 * Dijkstra and Yen without constraints, and exhaustive enumeration of every simple path with them.
 */
class PathFinderCrossCheckTest {
    private static final double EPS = 1e-9;

    @Test
    void bestPathCostMatchesJGraphTDijkstraOnRandomGraphs() {
        Random r = new Random(20261122L);
        int compared = 0;
        int reachable = 0;
        for (int graph = 0; graph < 3000; graph++) {
            int n = 2 + r.nextInt(40);
            LsdbSnapshot s = RandomMesh.generate(r, n, 0.05 + r.nextDouble() * 0.9, 1 + r.nextInt(5), r.nextBoolean());
            PathFinder finder = PathFinder.of(s, RandomMesh.weights(r));
            var jg = jgrapht(finder);
            DijkstraShortestPath<Integer, DefaultWeightedEdge> dijkstra = new DijkstraShortestPath<>(jg);
            for (int q = 0; q < 3; q++) {
                int a = r.nextInt(n);
                int b = r.nextInt(n);
                if (a == b) {
                    continue;
                }
                MeshGraph g = finder.graph();
                GraphPath<Integer, DefaultWeightedEdge> expected = dijkstra.getPath(a, b);
                var got = finder.best(g.id(a), g.id(b), PathConstraints.NONE);
                compared++;
                if (expected == null) {
                    assertTrue(got.isEmpty(), () -> "graph " + s + ": found " + got + " where JGraphT finds none");
                } else {
                    reachable++;
                    assertTrue(got.isPresent(), "missed a path JGraphT finds");
                    assertClose(expected.getWeight(), got.get().cost(), "best cost");
                    assertValid(finder, got.get(), PathConstraints.NONE);
                }
            }
        }
        assertTrue(compared > 8000 && reachable > compared / 3, compared + " queries, " + reachable + " reachable");
    }

    @Test
    void kShortestCostsMatchJGraphTYenOnRandomGraphs() {
        Random r = new Random(5L);
        int compared = 0;
        for (int graph = 0; graph < 2000; graph++) {
            int n = 2 + r.nextInt(25);
            LsdbSnapshot s = RandomMesh.generate(r, n, 0.1 + r.nextDouble() * 0.9, 1 + r.nextInt(4), r.nextBoolean());
            PathFinder finder = PathFinder.of(s, RandomMesh.weights(r));
            var jg = jgrapht(finder);
            YenKShortestPath<Integer, DefaultWeightedEdge> yen = new YenKShortestPath<>(jg);
            int a = r.nextInt(n);
            int b = (a + 1 + r.nextInt(n - 1)) % n;
            int k = 1 + r.nextInt(10);
            MeshGraph g = finder.graph();
            List<GraphPath<Integer, DefaultWeightedEdge>> expected = yen.getPaths(a, b, k);
            List<RankedPath> got = finder.rank(g.id(a), g.id(b), k, PathConstraints.NONE);
            assertEquals(expected.size(), got.size(), "number of paths");
            for (int i = 0; i < got.size(); i++) {
                assertClose(expected.get(i).getWeight(), got.get(i).cost(), "cost of path " + (i + 1) + " of " + k);
                assertEquals(i + 1, got.get(i).rank());
                assertValid(finder, got.get(i), PathConstraints.NONE);
            }
            assertDistinct(got);
            assertRankingOrder(g, got);
            compared++;
        }
        assertEquals(2000, compared);
    }

    @Test
    void constrainedRankingMatchesExhaustiveEnumerationOnSmallGraphs() {
        Random r = new Random(77L);
        int nonTrivial = 0;
        for (int graph = 0; graph < 2500; graph++) {
            int n = 2 + r.nextInt(7);
            LsdbSnapshot s = RandomMesh.generate(r, n, 0.3 + r.nextDouble() * 0.7, 1 + r.nextInt(3), r.nextBoolean());
            PathFinder finder = PathFinder.of(s, RandomMesh.weights(r));
            MeshGraph g = finder.graph();
            int a = r.nextInt(n);
            int b = (a + 1 + r.nextInt(n - 1)) % n;
            PathConstraints c = randomConstraints(r, g, a, b);
            int k = 1 + r.nextInt(8);
            List<Enumerated> all = enumerate(finder, a, b, c);
            List<RankedPath> got = finder.rank(g.id(a), g.id(b), k, c);
            assertEquals(Math.min(k, all.size()), got.size(), () -> "constraints " + c + " on " + s);
            for (int i = 0; i < got.size(); i++) {
                assertClose(all.get(i).cost, got.get(i).cost(), "cost of path " + (i + 1) + " under " + c);
                assertValid(finder, got.get(i), c);
            }
            assertDistinct(got);
            if (!c.limitsNothing() && !all.isEmpty()) {
                nonTrivial++;
            }
        }
        assertTrue(nonTrivial > 800, nonTrivial + " constrained queries with an answer");
    }

    @Test
    void hopAndLatencyLimitsAreExactOnDenserGraphs() {
        Random r = new Random(3L);
        for (int graph = 0; graph < 400; graph++) {
            int n = 6 + r.nextInt(4);
            LsdbSnapshot s = RandomMesh.generate(r, n, 0.6 + r.nextDouble() * 0.4, 2, false);
            PathFinder finder = PathFinder.of(s, RandomMesh.weights(r));
            MeshGraph g = finder.graph();
            int a = r.nextInt(n);
            int b = (a + 1 + r.nextInt(n - 1)) % n;
            List<Enumerated> free = enumerate(finder, a, b, PathConstraints.NONE);
            if (free.isEmpty()) {
                continue;
            }
            // Limits taken from the real paths, so they cut through the middle of the ranking.
            Enumerated pivot = free.get(r.nextInt(free.size()));
            PathConstraints c = PathConstraints.NONE;
            if (r.nextBoolean()) {
                c = c.withMaxHops(Math.max(1, pivot.hops - r.nextInt(2)));
            }
            if (r.nextBoolean() || c.maxHops() == null) {
                c = c.withMaxLatencyMs(pivot.latencyMs);
            }
            List<Enumerated> all = enumerate(finder, a, b, c);
            List<RankedPath> got = finder.rank(g.id(a), g.id(b), 6, c);
            assertEquals(Math.min(6, all.size()), got.size());
            for (int i = 0; i < got.size(); i++) {
                assertClose(all.get(i).cost, got.get(i).cost(), "cost of path " + (i + 1) + " under " + c);
                assertValid(finder, got.get(i), c);
            }
        }
    }

    @Test
    void backupIsTheCheapestDisjointPathWhenOneExists() {
        Random r = new Random(11L);
        int regionDisjoint = 0;
        int nodeDisjoint = 0;
        for (int graph = 0; graph < 4000; graph++) {
            int n = 3 + r.nextInt(6);
            LsdbSnapshot s = RandomMesh.generate(r, n, 0.4 + r.nextDouble() * 0.6, 1 + r.nextInt(4), r.nextBoolean());
            PathFinder finder = PathFinder.of(s, RandomMesh.weights(r));
            MeshGraph g = finder.graph();
            int a = r.nextInt(n);
            int b = (a + 1 + r.nextInt(n - 1)) % n;
            PathConstraints c = r.nextInt(3) == 0 ? randomConstraints(r, g, a, b) : PathConstraints.NONE;
            PathPlan plan = finder.plan(g.id(a), g.id(b), 4, 1, c);
            List<Enumerated> all = enumerate(finder, a, b, c);
            if (all.isEmpty()) {
                assertNull(plan.primary());
                continue;
            }
            RankedPath primary = plan.primary();
            assertClose(all.get(0).cost, primary.cost(), "primary cost");
            Set<String> transit = new HashSet<>(primary.transit());
            Set<String> transitRegions = new HashSet<>();
            for (String id : transit) {
                transitRegions.add(g.regionOf(g.indexOf(id)));
            }
            transitRegions.remove(g.regionOf(a));
            transitRegions.remove(g.regionOf(b));
            Enumerated bestRegionDisjoint = null;
            Enumerated bestNodeDisjoint = null;
            for (Enumerated e : all) {
                List<String> ids = e.ids(g);
                if (ids.equals(primary.nodes()) || primary.hops() == 1 && e.hops == 1) {
                    continue;
                }
                boolean disjoint = true;
                boolean regionsDisjoint = true;
                for (String id : ids.subList(1, ids.size() - 1)) {
                    disjoint &= !transit.contains(id);
                    regionsDisjoint &= !transitRegions.contains(g.regionOf(g.indexOf(id)));
                }
                if (disjoint && regionsDisjoint && bestRegionDisjoint == null) {
                    bestRegionDisjoint = e;
                }
                if (disjoint && bestNodeDisjoint == null) {
                    bestNodeDisjoint = e;
                }
            }
            if (bestRegionDisjoint != null) {
                BackupPath backup = plan.backups().get(0);
                assertEquals(Diversity.NODE_AND_REGION_DISJOINT, backup.diversity());
                assertClose(bestRegionDisjoint.cost, backup.path().cost(), "region-disjoint backup cost");
                regionDisjoint++;
            } else if (bestNodeDisjoint != null) {
                BackupPath backup = plan.backups().get(0);
                assertEquals(Diversity.NODE_DISJOINT, backup.diversity());
                assertClose(bestNodeDisjoint.cost, backup.path().cost(), "node-disjoint backup cost");
                assertFalse(backup.sharedRegions().isEmpty());
                nodeDisjoint++;
            } else if (!plan.backups().isEmpty()) {
                assertEquals(Diversity.OVERLAPPING, plan.backups().get(0).diversity());
            }
            for (BackupPath backup : plan.backups()) {
                assertValid(finder, backup.path(), c);
                assertFalse(backup.path().nodes().equals(primary.nodes()), "backup equals primary");
            }
        }
        assertTrue(regionDisjoint > 500 && nodeDisjoint > 20, regionDisjoint + " region-disjoint, " + nodeDisjoint + " node-disjoint");
    }

    // ------------------------------------------------------------------------------ helpers

    static SimpleDirectedWeightedGraph<Integer, DefaultWeightedEdge> jgrapht(PathFinder finder) {
        MeshGraph g = finder.graph();
        LinkCosts costs = new LinkCosts(g, finder.weights());
        var jg = new SimpleDirectedWeightedGraph<Integer, DefaultWeightedEdge>(DefaultWeightedEdge.class);
        for (int v = 0; v < g.n; v++) {
            jg.addVertex(v);
        }
        for (int e = 0; e < g.head.length; e++) {
            if (costs.cost[e] != LinkCosts.UNUSABLE) {
                jg.setEdgeWeight(jg.addEdge(g.tail[e], g.head[e]), costs.cost[e]);
            }
        }
        return jg;
    }

    private static PathConstraints randomConstraints(Random r, MeshGraph g, int a, int b) {
        PathConstraints c = PathConstraints.NONE;
        if (r.nextInt(3) == 0) {
            c = c.withMaxHops(1 + r.nextInt(4));
        }
        if (r.nextInt(3) == 0) {
            c = c.withMaxLatencyMs(r.nextDouble() * 150);
        }
        if (r.nextInt(4) == 0) {
            c = c.withMinBandwidthMbps(r.nextInt(3) == 0 ? 0.0 : r.nextDouble() * 500);
        }
        if (r.nextInt(4) == 0 && g.n > 2) {
            int v = r.nextInt(g.n);
            if (v != a && v != b) {
                c = c.withAvoidNodes(List.of(g.id(v)));
            }
        }
        if (r.nextInt(5) == 0) {
            c = c.withAvoidRegions(List.of(g.regions().get(r.nextInt(g.regions().size()))));
        }
        return c;
    }

    /** A simple path found by exhaustive search, with its cost and metrics summed in path order. */
    static final class Enumerated {
        final int[] nodes;
        final double cost;
        final double latencyMs;
        final int hops;

        Enumerated(int[] nodes, double cost, double latencyMs) {
            this.nodes = nodes;
            this.cost = cost;
            this.latencyMs = latencyMs;
            this.hops = nodes.length - 1;
        }

        List<String> ids(MeshGraph g) {
            List<String> ids = new ArrayList<>();
            for (int v : nodes) {
                ids.add(g.id(v));
            }
            return ids;
        }
    }

    /** Every simple path a -> b meeting {@code c}, cheapest first (ties: fewer hops, then node order). */
    static List<Enumerated> enumerate(PathFinder finder, int a, int b, PathConstraints c) {
        MeshGraph g = finder.graph();
        LinkCosts costs = new LinkCosts(g, finder.weights());
        SearchLimits limits = SearchLimits.resolve(g, c);
        List<Enumerated> out = new ArrayList<>();
        int[] stack = new int[g.n];
        boolean[] on = new boolean[g.n];
        stack[0] = a;
        on[a] = true;
        dfs(g, costs, limits, b, stack, 1, on, 0, 0, out);
        out.sort(Comparator.<Enumerated>comparingDouble(e -> e.cost).thenComparingInt(e -> e.hops)
                .thenComparing((x, y) -> Arrays.compare(x.nodes, y.nodes)));
        return out;
    }

    private static void dfs(MeshGraph g, LinkCosts costs, SearchLimits limits, int b, int[] stack, int depth,
            boolean[] on, double cost, double lat, List<Enumerated> out) {
        int u = stack[depth - 1];
        for (int e = g.outStart[u]; e < g.outStart[u + 1]; e++) {
            int v = g.head[e];
            if (on[v] || costs.cost[e] == LinkCosts.UNUSABLE || !limits.bandwidthOk(g, e)
                    || v != b && limits.avoided[v]) {
                continue;
            }
            if (depth > limits.maxHops) {
                continue;
            }
            double nc = cost + costs.cost[e];
            double nl = lat + g.rttMs[e] * 0.5;
            if (nl > limits.maxLatencyMs) {
                continue;
            }
            stack[depth] = v;
            if (v == b) {
                out.add(new Enumerated(Arrays.copyOf(stack, depth + 1), nc, nl));
            } else {
                on[v] = true;
                dfs(g, costs, limits, b, stack, depth + 1, on, nc, nl, out);
                on[v] = false;
            }
        }
    }

    /** The path exists, is loopless, meets {@code c}, and its reported figures are its own. */
    static void assertValid(PathFinder finder, RankedPath p, PathConstraints c) {
        PathEvaluation ev = finder.evaluate(p.nodes(), c);
        assertTrue(ev.usable() && ev.feasible(), () -> p + ": " + ev.problem());
        assertNotNull(ev.metrics());
        assertEquals(ev.metrics().cost(), p.cost(), 0.0, "cost is the path's own, to the bit");
        assertEquals(ev.metrics().latencyMs(), p.latencyMs(), 0.0);
        assertEquals(p.nodes().size() - 1, p.hops());
    }

    static void assertDistinct(List<RankedPath> paths) {
        Set<List<String>> seen = new HashSet<>();
        for (RankedPath p : paths) {
            if (!seen.add(p.nodes())) {
                fail("path listed twice: " + p.nodes());
            }
        }
    }

    /** Cost ascending; equal costs by fewer hops, then by node indices (the sorted ids). */
    static void assertRankingOrder(MeshGraph g, List<RankedPath> paths) {
        for (int i = 1; i < paths.size(); i++) {
            RankedPath a = paths.get(i - 1);
            RankedPath b = paths.get(i);
            assertTrue(a.cost() <= b.cost(), "cost order");
            if (a.cost() == b.cost()) {
                assertTrue(a.hops() <= b.hops(), () -> "equal cost, fewer hops first: " + a.nodes() + " " + b.nodes());
                if (a.hops() == b.hops()) {
                    int[] x = a.nodes().stream().mapToInt(g::indexOf).toArray();
                    int[] y = b.nodes().stream().mapToInt(g::indexOf).toArray();
                    assertTrue(Arrays.compare(x, y) < 0, () -> "equal cost and hops, node order: " + a.nodes() + " " + b.nodes());
                }
            }
        }
    }

    static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, EPS * Math.max(1, Math.abs(expected)), what);
    }
}
