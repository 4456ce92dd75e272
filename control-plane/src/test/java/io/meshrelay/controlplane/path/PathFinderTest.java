package io.meshrelay.controlplane.path;

import static io.meshrelay.controlplane.path.TestMesh.mesh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshrelay.controlplane.api.Json;
import io.meshrelay.controlplane.lsdb.LsdbLink;
import io.meshrelay.controlplane.lsdb.LsdbNode;
import io.meshrelay.controlplane.lsdb.LsdbSnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PathFinderTest {
    private static List<String> path(String... ids) {
        return List.of(ids);
    }

    /**
     * The counter-example to plain Dijkstra under a hop limit: the cheapest way into {@code a}
     * takes two hops (via x), so a one-label-per-node search reaches t in three and, with
     * max-hops 2, finds nothing; the dearer one-hop way into a is the only feasible path.
     */
    @Test
    void hopLimitedSearchFindsThePathPlainDijkstraMisses() {
        PathFinder f = mesh().node("s", "r").node("x", "r").node("a", "r").node("t", "r")
                .link("s", "x", 2).link("x", "a", 2).link("s", "a", 100).link("a", "t", 2)
                .latencyFinder();
        assertEquals(path("s", "x", "a", "t"), f.best("s", "t", PathConstraints.NONE).orElseThrow().nodes());
        RankedPath limited = f.best("s", "t", PathConstraints.NONE.withMaxHops(2)).orElseThrow();
        assertEquals(path("s", "a", "t"), limited.nodes());
        assertEquals(51.0, limited.cost());
        assertTrue(f.best("s", "t", PathConstraints.NONE.withMaxHops(1)).isEmpty());
    }

    @Test
    void latencyLimitChoosesTheCheapestPathThatFitsNotTheCheapest() {
        // Cheap but slow via c (lossless); fast but lossy via f. Cost counts loss heavily.
        PathFinder finder = mesh().node("s", "r").node("c", "r").node("f", "r").node("t", "r")
                .arc("s", "c", 100, 0, 0, null, true).arc("c", "t", 100, 0, 0, null, true)
                .arc("s", "f", 20, 0, 0.01, null, true).arc("f", "t", 20, 0, 0.01, null, true)
                .finder(new PathWeights(1, 0, 100, 0, 0));
        assertEquals(path("s", "c", "t"), finder.best("s", "t", PathConstraints.NONE).orElseThrow().nodes());
        RankedPath fast = finder.best("s", "t", PathConstraints.NONE.withMaxLatencyMs(50.0)).orElseThrow();
        assertEquals(path("s", "f", "t"), fast.nodes());
        assertEquals(20.0, fast.latencyMs());
        assertEquals(1 - 0.99 * 0.99, fast.loss(), 1e-12);
    }

    @Test
    void latencyIsOneWayHalfTheRttSum() {
        RankedPath p = mesh().node("a", "r").node("b", "r").node("c", "r").link("a", "b", 30).link("b", "c", 11)
                .latencyFinder().rank("a", "c", 1, PathConstraints.NONE).get(0);
        assertEquals(41.0, p.rttMs());
        assertEquals(20.5, p.latencyMs());
        assertEquals(20.5, p.cost());
    }

    @Test
    void linkCostFollowsTheDocumentedFormula() {
        PathWeights w = new PathWeights(2, 3, 5, 7, 11);
        double expected = 2 * 40 / 2.0 + 3 * 4 + 5 * 100 * -Math.log(1 - 0.02) + 7 * 100 * 0.5 + 11 * 100 / 50.0;
        assertEquals(expected, w.linkCost(40, 4, 0.02, 0.5, 50), 1e-9);
        assertEquals(2 * 20 + 3 * 4 + 7 * 50, w.linkCost(40, 4, 0, 0.5, Double.NaN), 1e-9, "unmeasured bandwidth: no term");
        assertEquals(11 * 100 / 0.1, w.linkCost(0, 0, 0, 0, 0), 1e-9, "saturated link: floor at 0.1 Mbit/s");
        RankedPath p = mesh().node("a", "r", 0.1, true).node("b", "r", 0.5, true).arc("a", "b", 40, 4, 0.02, 50.0, true)
                .finder(w).rank("a", "b", 1, PathConstraints.NONE).get(0);
        assertEquals(expected, p.cost(), 1e-9);
    }

    @Test
    void downLinksDownNodesAndTotalLossAreNeverUsed() {
        PathFinder f = mesh().node("s", "r").node("a", "r").node("b", "r", 0, false).node("c", "r").node("t", "r")
                .link("s", "a", 1).arc("a", "t", 1, 0, 0, null, false)
                .link("s", "b", 1).link("b", "t", 1)
                .link("s", "c", 1).arc("c", "t", 1, 0, 1.0, null, true)
                .link("s", "t", 50)
                .latencyFinder();
        List<RankedPath> all = f.rank("s", "t", 10, PathConstraints.NONE);
        assertEquals(1, all.size(), all.toString());
        assertEquals(path("s", "t"), all.get(0).nodes());
    }

    @Test
    void minBandwidthSkipsThinAndUnmeasuredLinks() {
        PathFinder f = mesh().node("s", "r").node("a", "r").node("b", "r").node("c", "r").node("t", "r")
                .arc("s", "a", 1, 0, 0, 50.0, true).arc("a", "t", 1, 0, 0, 50.0, true)
                .arc("s", "b", 2, 0, 0, null, true).arc("b", "t", 2, 0, 0, 500.0, true)
                .arc("s", "c", 3, 0, 0, 200.0, true).arc("c", "t", 3, 0, 0, 100.0, true)
                .latencyFinder();
        RankedPath p = f.best("s", "t", PathConstraints.NONE.withMinBandwidthMbps(100.0)).orElseThrow();
        assertEquals(path("s", "c", "t"), p.nodes());
        assertEquals(100.0, p.bottleneckBandwidthMbps());
        assertNull(f.rank("s", "t", 3, PathConstraints.NONE).get(1).bottleneckBandwidthMbps(), "s>b>t has an unmeasured link");
        assertEquals(3, f.rank("s", "t", 3, PathConstraints.NONE.withMinBandwidthMbps(0.0)).size(), "0 requires nothing");
    }

    @Test
    void avoidedRegionIsNotCrossedButMayHoldTheEnds() {
        PathFinder f = mesh().node("s", "eu").node("a", "eu").node("b", "us").node("t", "eu")
                .link("s", "a", 1).link("a", "t", 1).link("s", "b", 5).link("b", "t", 5)
                .latencyFinder();
        assertEquals(path("s", "b", "t"), f.best("s", "t", PathConstraints.NONE.withAvoidRegions(List.of("eu")))
                .orElseThrow().nodes());
        assertEquals(path("s", "a", "t"), f.best("s", "t", PathConstraints.NONE.withAvoidNodes(List.of("b")))
                .orElseThrow().nodes());
        assertTrue(f.best("s", "t", PathConstraints.NONE.withAvoidNodes(List.of("a", "b"))).isEmpty());
    }

    @Test
    void badQueriesNameTheField() {
        PathFinder f = mesh().node("fra-1", "r").node("par-1", "r").link("fra-1", "par-1", 1).latencyFinder();
        PathQueryException e = assertThrows(PathQueryException.class, () -> f.rank("fra-2", "par-1", 1, PathConstraints.NONE));
        assertEquals("from", e.field());
        assertEquals("unknown node 'fra-2' (did you mean 'fra-1'?)", e.problem());
        assertEquals("to", assertThrows(PathQueryException.class,
                () -> f.rank("fra-1", "fra-1", 1, PathConstraints.NONE)).field());
        assertEquals("avoidNodes: 'par-1' is an end of the path; only transit nodes can be avoided",
                assertThrows(PathQueryException.class, () -> f.rank("fra-1", "par-1", 1,
                        PathConstraints.NONE.withAvoidNodes(List.of("par-1")))).getMessage());
        assertEquals("avoidNodes: unknown node 'x'", assertThrows(PathQueryException.class,
                () -> f.rank("fra-1", "par-1", 1, PathConstraints.NONE.withAvoidNodes(List.of("x")))).getMessage());
        assertTrue(assertThrows(PathQueryException.class, () -> f.rank("fra-1", "par-1", 1,
                PathConstraints.NONE.withAvoidRegions(List.of("mars")))).getMessage()
                .startsWith("avoidRegions: unknown region 'mars' (regions: r)"));
        assertEquals("k", assertThrows(PathQueryException.class, () -> f.rank("fra-1", "par-1", 0, PathConstraints.NONE)).field());
        assertEquals("weightLoss", assertThrows(PathQueryException.class, () -> new PathWeights(1, 1, -1, 1, 1)).field());
        assertEquals("maxHops", assertThrows(PathQueryException.class, () -> PathConstraints.NONE.withMaxHops(0)).field());
    }

    @Test
    void equalCostPathsAreOrderedByHopsThenNodeIds() {
        PathFinder f = mesh().node("s", "r").node("b", "r").node("a", "r").node("c", "r").node("t", "r")
                .link("s", "b", 5).link("b", "t", 5).link("s", "a", 5).link("a", "t", 5)
                .link("s", "c", 2).link("c", "b", 3)
                .link("s", "t", 10)
                .latencyFinder();
        List<RankedPath> r = f.rank("s", "t", 4, PathConstraints.NONE);
        assertEquals(List.of(path("s", "t"), path("s", "a", "t"), path("s", "b", "t"), path("s", "c", "b", "t")),
                r.stream().map(RankedPath::nodes).toList());
        for (RankedPath p : r) {
            assertEquals(5.0, p.cost());
        }
    }

    @Test
    void amongEquallyCheapPathsTheBestHasTheFewestHops() {
        PathFinder f = mesh().node("s", "r").node("a", "r").node("b", "r").node("c", "r").node("t", "r")
                .link("s", "a", 4).link("a", "b", 1).link("b", "t", 1).link("s", "c", 2).link("c", "t", 4)
                .latencyFinder();
        assertEquals(path("s", "c", "t"), f.best("s", "t", PathConstraints.NONE).orElseThrow().nodes());
        assertEquals(path("s", "c", "t"), f.best("s", "t", PathConstraints.NONE.withMaxLatencyMs(10.0)).orElseThrow().nodes());
        assertEquals(path("s", "c", "t"), f.best("s", "t", PathConstraints.NONE.withMaxHops(5)).orElseThrow().nodes());
    }

    @Test
    void answerIsIdenticalWhateverTheOrderOfNodesAndLinks() throws Exception {
        Random random = new Random(1);
        LsdbSnapshot s = RandomMesh.generate(random, 30, 0.5, 4, true);
        PathQuery q = new PathQuery("n1", "n2", 8, 2, PathWeights.DEFAULTS, PathConstraints.NONE.withMaxHops(4));
        String expected = Json.MAPPER.writeValueAsString(PathReport.of(s, q));
        for (int i = 0; i < 5; i++) {
            List<LsdbNode> nodes = new ArrayList<>(s.nodes());
            List<LsdbLink> links = new ArrayList<>(s.links());
            Collections.shuffle(nodes, random);
            Collections.shuffle(links, random);
            String again = Json.MAPPER.writeValueAsString(PathReport.of(new LsdbSnapshot(s.epoch(), nodes, links), q));
            assertEquals(expected, again);
        }
    }

    @Test
    void backupPrefersAnotherRegionOverACheaperPathThroughTheSameOne() {
        // Primary s>a1>t crosses region A. s>a2>t is cheaper than s>b>t but also crosses A.
        PathFinder f = mesh().node("s", "home").node("t", "home").node("a1", "A").node("a2", "A").node("b", "B")
                .link("s", "a1", 10).link("a1", "t", 10)
                .link("s", "a2", 11).link("a2", "t", 11)
                .link("s", "b", 20).link("b", "t", 20)
                .latencyFinder();
        PathPlan plan = f.plan("s", "t", 3, 2, PathConstraints.NONE);
        assertEquals(path("s", "a1", "t"), plan.primary().nodes());
        BackupPath first = plan.backups().get(0);
        assertEquals(path("s", "b", "t"), first.path().nodes());
        assertEquals(Diversity.NODE_AND_REGION_DISJOINT, first.diversity());
        assertEquals(3, first.path().rank());
        BackupPath second = plan.backups().get(1);
        assertEquals(path("s", "a2", "t"), second.path().nodes());
        assertEquals(Diversity.NODE_DISJOINT, second.diversity());
        assertEquals(List.of("A"), second.sharedRegions());
    }

    @Test
    void backupFallsBackToTheLeastOverlappingPathWhenNoneIsDisjoint() {
        // Every path from s crosses m (a cut vertex).
        PathFinder f = mesh().node("s", "r").node("m", "r").node("x", "r").node("y", "r").node("t", "r")
                .link("s", "m", 1).link("m", "x", 1).link("x", "t", 1).link("m", "y", 2).link("y", "t", 2)
                .latencyFinder();
        PathPlan plan = f.plan("s", "t", 4, 1, PathConstraints.NONE);
        assertEquals(path("s", "m", "x", "t"), plan.primary().nodes());
        BackupPath b = plan.backups().get(0);
        assertEquals(Diversity.OVERLAPPING, b.diversity());
        assertEquals(path("s", "m", "y", "t"), b.path().nodes());
        assertEquals(List.of("m"), b.sharedNodes());
    }

    @Test
    void directPrimaryGetsABackupThatDoesNotReuseTheDirectLink() {
        PathFinder f = mesh().node("s", "r").node("a", "r").node("t", "r")
                .link("s", "t", 1).link("s", "a", 5).link("a", "t", 5).latencyFinder();
        PathPlan plan = f.plan("s", "t", 1, 1, PathConstraints.NONE);
        assertEquals(path("s", "t"), plan.primary().nodes());
        assertEquals(path("s", "a", "t"), plan.backups().get(0).path().nodes());
        assertNull(plan.backups().get(0).path().rank(), "found beyond the k=1 ranking");
    }

    @Test
    void evaluateSaysWhyAPathStoppedWorking() {
        PathFinder f = mesh().node("s", "r").node("a", "r").node("b", "r", 0, false).node("t", "r")
                .link("s", "a", 1).arc("a", "t", 1, 0, 0, null, false).link("s", "b", 1).link("b", "t", 1)
                .latencyFinder();
        assertEquals("link a -> t is down", f.evaluate(path("s", "a", "t"), PathConstraints.NONE).problem());
        assertEquals("node 'b' is down", f.evaluate(path("s", "b", "t"), PathConstraints.NONE).problem());
        assertEquals("link s -> t is not in the LSDB", f.evaluate(path("s", "t"), PathConstraints.NONE).problem());
        assertEquals("node 'gone' is not in the LSDB", f.evaluate(path("s", "gone", "t"), PathConstraints.NONE).problem());
        PathEvaluation ok = f.evaluate(path("s", "a"), PathConstraints.NONE.withMaxHops(1));
        assertTrue(ok.usable() && ok.feasible());
        assertTrue(f.evaluate(path("a", "s"), PathConstraints.NONE.withAvoidNodes(List.of("b"))).feasible(),
                "avoiding a node off the path changes nothing");
        assertThrows(PathQueryException.class, () -> f.evaluate(path("s", "a", "s"), PathConstraints.NONE));
    }

    @Test
    void evaluateChecksTheConstraints() {
        PathFinder f = mesh().node("s", "r").node("a", "x").node("t", "r").link("s", "a", 10).link("a", "t", 10)
                .latencyFinder();
        assertEquals("2 hops, more than max-hops 1",
                f.evaluate(path("s", "a", "t"), PathConstraints.NONE.withMaxHops(1)).problem());
        assertEquals("latency 10.0 ms, more than max-latency 9.0 ms",
                f.evaluate(path("s", "a", "t"), PathConstraints.NONE.withMaxLatencyMs(9.0)).problem());
        assertEquals("crosses node 'a' in avoided region 'x'",
                f.evaluate(path("s", "a", "t"), PathConstraints.NONE.withAvoidRegions(List.of("x"))).problem());
        assertFalse(f.evaluate(path("s", "a", "t"), PathConstraints.NONE.withMinBandwidthMbps(1.0)).feasible());
    }

    @Test
    void planFromCoversEveryOtherNodeAndMatchesSinglePlans() {
        LsdbSnapshot s = RandomMesh.generate(new Random(9), 25, 0.4, 3, false);
        PathFinder f = PathFinder.of(s, PathWeights.DEFAULTS);
        Map<String, PathPlan> all = f.planFrom("n3", 4, 1, PathConstraints.NONE);
        assertEquals(24, all.size());
        for (Map.Entry<String, PathPlan> e : all.entrySet()) {
            assertEquals(f.plan("n3", e.getKey(), 4, 1, PathConstraints.NONE), e.getValue(), e.getKey());
        }
    }

    @Test
    void labelBudgetMarksTheAnswerIncomplete() {
        LsdbSnapshot s = RandomMesh.generate(new Random(4), 40, 1.0, 3, false);
        MeshGraph g = MeshGraph.of(s);
        LinkCosts costs = new LinkCosts(g, PathWeights.DEFAULTS);
        PathSearch tiny = new PathSearch(g, costs, 5);
        SearchLimits limits = SearchLimits.resolve(g, PathConstraints.NONE.withMaxLatencyMs(1000.0));
        int a = g.indexOf("n1");
        int b = g.indexOf("n2");
        if (tiny.prepare(a, b, limits)) {
            KShortestPaths.find(g, costs, tiny, a, 10);
        }
        assertTrue(tiny.truncated());
    }
}
