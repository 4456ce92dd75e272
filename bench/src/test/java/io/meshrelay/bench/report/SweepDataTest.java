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
        SweepData.Capacity a = s.capacity("a", 1, 0.1);
        assertEquals(100, a.lo());
        assertEquals(200, a.hi());
        assertFalse(a.openEnded(), "a later pass does not undo a failure");
        SweepData.Capacity b = s.capacity("b", 1, 0.1);
        assertEquals(200, b.lo());
        assertTrue(b.openEnded());
        assertNull(s.capacity("c", 1, 0.1));
    }

    @Test
    void capacityFromABisectionIsOpenEndedWhenItsUpperBoundWasNeverTested() throws Exception {
        ReportFixtures.lines(dir.resolve("results.jsonl"), List.of(ReportFixtures.point("a", 1, 20000, 0, 1, 1, 0),
                ReportFixtures.point("b", 1, 20000, 0, 1, 1, 0), ReportFixtures.point("b", 1, 126000, 3, 1, 1, 0)));
        ReportFixtures.lines(dir.resolve("findmax.jsonl"), List.of(
                "{\"findmax\":true,\"relay\":\"a\",\"flows\":1,\"lo\":700000,\"lo_sent\":650000,\"hi\":800000}",
                "{\"findmax\":true,\"relay\":\"b\",\"flows\":1,\"lo\":100000,\"lo_sent\":99000,\"hi\":126000}"));
        SweepData s = SweepData.load(dir);
        assertTrue(s.capacity("a", 1, 0.1).openEnded());
        assertEquals("bisection", s.capacity("a", 1, 0.1).method());
        assertFalse(s.capacity("b", 1, 0.1).openEnded());
        assertEquals(100000, s.capacity("b", 1, 0.1).lo());
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
