package io.meshrelay.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results are reduced like relaybench's report.py, and capacities are bracketed honestly. */
class SweepDataTest {
    @TempDir
    Path dir;

    @Test
    void keepsTheLeastNoisyAttemptThenTakesTheMedianOverRepetitions() throws Exception {
        String noisy = ReportFixtures.point("meshrelay", 1, 1000, 5.0, 10, 20, 0.9).replace("\"rep\":1", "\"rep\":1");
        String quiet = ReportFixtures.point("meshrelay", 1, 1000, 0.0, 10, 20, 0.0).replace("\"attempt\":1", "\"attempt\":2");
        String rep2 = ReportFixtures.point("meshrelay", 1, 1000, 0.0, 30, 60, 0.0).replace("\"rep\":1", "\"rep\":2");
        String rep3 = ReportFixtures.point("meshrelay", 1, 1000, 0.2, 50, 90, 0.0).replace("\"rep\":1", "\"rep\":3");
        ReportFixtures.lines(dir.resolve("results.jsonl"), List.of(noisy, quiet, rep2, rep3));
        SweepData s = SweepData.load(dir);
        SweepData.Point p = s.point("meshrelay", 1, 1000);
        assertEquals(3, p.n());
        assertEquals(0.0, p.lossPct(), "median of 0, 0, 0.2 after dropping the noisy attempt");
        assertEquals(60, p.p99(), 1e-9);
    }

    @Test
    void capacityFromASweepIsTheLastRateBeforeTheFirstFailure() throws Exception {
        ReportFixtures.lines(dir.resolve("results.jsonl"), List.of(
                ReportFixtures.point("a", 1, 100, 0, 1, 1, 0), ReportFixtures.point("a", 1, 200, 0.5, 1, 1, 0),
                ReportFixtures.point("a", 1, 300, 0, 1, 1, 0),
                ReportFixtures.point("b", 1, 100, 0, 1, 1, 0), ReportFixtures.point("b", 1, 200, 0.05, 1, 1, 0)));
        SweepData s = SweepData.load(dir);
        SweepData.Capacity a = s.capacity("a", 1, Targets.SUSTAINED);
        assertEquals(100, a.lo());
        assertEquals(200, a.hi());
        assertFalse(a.openEnded(), "a later pass does not undo a failure");
        SweepData.Capacity b = s.capacity("b", 1, Targets.SUSTAINED);
        assertEquals(200, b.lo());
        assertTrue(b.openEnded());
        assertNull(s.capacity("c", 1, Targets.SUSTAINED));
    }

    @Test
    void capacityFromABisectionIsReadFromAllItsPointsNotOnlyItsLossVerdict() throws Exception {
        ReportFixtures.lines(dir.resolve("results.jsonl"), List.of(ReportFixtures.point("a", 1, 20000, 0, 1, 1, 0),
                ReportFixtures.point("a", 1, 700000, 0, 1, 1, 0),
                ReportFixtures.point("b", 1, 20000, 0, 1, 1, 0), ReportFixtures.point("b", 1, 100000, 0, 1, 1, 0),
                // no loss, but a median delay of 1.3 s: the relay's backlog grew in its socket buffers
                ReportFixtures.point("b", 1, 126000, 0, 1_300_000, 1_400_000, 0)));
        ReportFixtures.lines(dir.resolve("findmax.jsonl"), List.of(
                "{\"findmax\":true,\"relay\":\"a\",\"flows\":1,\"lo\":700000,\"lo_sent\":650000,\"hi\":800000}",
                "{\"findmax\":true,\"relay\":\"b\",\"flows\":1,\"lo\":126000,\"lo_sent\":99000,\"hi\":158000}"));
        SweepData s = SweepData.load(dir);
        SweepData.Capacity a = s.capacity("a", 1, Targets.SUSTAINED);
        assertEquals(700000, a.lo());
        assertTrue(a.openEnded(), "the bound 800000 was never tested");
        assertEquals("bisection", a.method());
        SweepData.Capacity b = s.capacity("b", 1, Targets.SUSTAINED);
        assertFalse(b.openEnded());
        assertEquals(100000, b.lo(), "run.sh's loss-only bisection said 126000");
        assertEquals(126000, b.hi());
        assertTrue(b.stop().contains("backlog"), b.stop());
    }

    @Test
    void aPointWhereTheGeneratorFellShortCountsAtTheRateReallySent() throws Exception {
        String shortPoint = ReportFixtures.point("a", 1, 300000, 0, 1, 1, 0).replace("\"rate_sent\":300000",
                "\"rate_sent\":200000");
        ReportFixtures.lines(dir.resolve("results.jsonl"), List.of(ReportFixtures.point("a", 1, 100000, 0, 1, 1, 0),
                shortPoint));
        SweepData.Capacity a = SweepData.load(dir).capacity("a", 1, Targets.SUSTAINED);
        assertEquals(200000, a.lo());
        assertTrue(a.openEnded());
        assertTrue(a.stop().startsWith("generator short at 300k"), a.stop());
    }

    @Test
    void attachesTheAdaptersSocketDropsToMeshrelayPointsInOrder() throws Exception {
        ReportFixtures.lines(dir.resolve("results.jsonl"), List.of(
                ReportFixtures.point("meshrelay", 1, 100, 0, 1, 1, 0), ReportFixtures.point("direct", 1, 100, 0, 1, 1, 0),
                ReportFixtures.point("meshrelay", 1, 200, 1, 1, 1, 0)));
        ReportFixtures.lines(dir.resolve("meshrelay.sockdrops.jsonl"), List.of("{\"sock_drops\":0}", "{\"sock_drops\":42}"));
        SweepData s = SweepData.load(dir);
        assertEquals(0, s.point("meshrelay", 1, 100).relaySockDrops());
        assertEquals(42, s.point("meshrelay", 1, 200).relaySockDrops());
    }

    @Test
    void anAbsentDirectoryIsEmpty() throws Exception {
        assertTrue(SweepData.load(dir.resolve("nothing")).isEmpty());
    }
}
