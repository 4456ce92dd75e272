package io.meshrelay.controlplane.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshrelay.controlplane.lsdb.LsdbJson;
import io.meshrelay.controlplane.lsdb.LsdbSnapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Paths on real round-trip times between 100 servers (WonderNetwork pings, via fleek-network;
 * see /work/shared/data/README.md), checked against facts established independently of this
 * code: 38 -> 91 is 172 ms direct but 9 + 27 ms via 23; 3,372 of the 4,950 pairs have a
 * strictly faster one-hop detour (the data set's README) and 3,680 a faster path of any length
 * (all-pairs Floyd-Warshall over the matrix, computed separately).
 */
class RttMeshTest {
    private static LsdbSnapshot snapshot;
    private static PathFinder latency;

    @BeforeAll
    static void load() {
        snapshot = LsdbJson.read(Path.of("src/test/resources/lsdb/rtt-100-nodes.json"));
        latency = PathFinder.of(snapshot, PathWeights.LATENCY_ONLY);
    }

    @Test
    void node38ReachesNode91Via23InsteadOfTheDirect172MsLink() {
        RankedPath best = latency.best("38", "91", PathConstraints.NONE).orElseThrow();
        assertEquals(List.of("38", "23", "91"), best.nodes());
        assertEquals(36.0, best.rttMs());
        assertEquals(18.0, best.latencyMs());
        PathEvaluation direct = latency.evaluate(List.of("38", "91"), PathConstraints.NONE);
        assertEquals(172.0, direct.metrics().rttMs());
        assertEquals(136.0, direct.metrics().rttMs() - best.rttMs(), "the largest detour gain in the data set");
        // default weights agree: the RTT data has no jitter, loss, load or bandwidth to weigh
        assertEquals(best.nodes(), PathFinder.of(snapshot, PathWeights.DEFAULTS).best("38", "91", PathConstraints.NONE)
                .orElseThrow().nodes());
    }

    @Test
    void exactly3372PairsHaveAFasterOneHopDetour() {
        PathConstraints twoHops = PathConstraints.NONE.withMaxHops(2);
        int faster = 0;
        int fasterAnyHops = 0;
        for (int a = 0; a < 100; a++) {
            String from = Integer.toString(a);
            Map<String, PathPlan> limited = latency.planFrom(from, 1, 0, twoHops);
            Map<String, PathPlan> free = latency.planFrom(from, 1, 0, PathConstraints.NONE);
            for (int b = a + 1; b < 100; b++) {
                String to = Integer.toString(b);
                double direct = latency.evaluate(List.of(from, to), PathConstraints.NONE).metrics().rttMs();
                RankedPath viaOne = limited.get(to).primary();
                assertTrue(viaOne.hops() <= 2);
                if (viaOne.rttMs() < direct) {
                    faster++;
                }
                RankedPath any = free.get(to).primary();
                assertTrue(any.rttMs() <= viaOne.rttMs());
                if (any.rttMs() < direct) {
                    fasterAnyHops++;
                }
            }
        }
        assertEquals(3372, faster);
        assertEquals(3680, fasterAnyHops, "Floyd-Warshall over the same matrix finds 3,680 pairs with a faster multi-hop path");
    }

    @Test
    void backupOf38To91LeavesTheRegionOf23() {
        PathPlan plan = latency.plan("38", "91", 4, 1, PathConstraints.NONE);
        BackupPath backup = plan.backups().get(0);
        assertEquals(Diversity.NODE_AND_REGION_DISJOINT, backup.diversity());
        assertFalse(backup.path().nodes().contains("23"));
        for (String id : backup.path().transit()) {
            assertFalse(snapshot.node(id).region().equals("r43"), id + " is in r43 like 23");
        }
    }

    @Test
    void everyRankedPathOnTheRealDataIsValidAndOrdered() {
        List<RankedPath> r = latency.rank("0", "99", 16, PathConstraints.NONE.withMaxHops(3));
        assertEquals(16, r.size());
        for (int i = 0; i < r.size(); i++) {
            PathFinderCrossCheckTest.assertValid(latency, r.get(i), PathConstraints.NONE.withMaxHops(3));
            if (i > 0) {
                assertTrue(r.get(i - 1).cost() <= r.get(i).cost());
            }
        }
    }
}
