package io.meshrelay.controlplane.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SwitchPolicyTest {
    private static final SwitchPolicy POLICY = new SwitchPolicy(SwitchThresholds.DEFAULTS);
    private static final long NEVER = Long.MIN_VALUE;
    private static final List<String> A = List.of("s", "a", "t");
    private static final List<String> B = List.of("s", "b", "t");

    private static RankedPath path(List<String> nodes, double cost, double loss, double latencyMs) {
        return new RankedPath(1, nodes, cost, nodes.size() - 1, latencyMs, latencyMs * 2, 0, loss, null, 0, nodes.get(1),
                List.of("r"));
    }

    private static PathEvaluation current(RankedPath p) {
        return new PathEvaluation(p.nodes(), true, true, null, p);
    }

    private static List<RankedPath> ranking(RankedPath... paths) {
        List<RankedPath> r = new ArrayList<>(List.of(paths));
        r.sort(Comparator.comparingDouble(RankedPath::cost));
        return r;
    }

    @Test
    void noisyCostsAroundATieNeverFlap() {
        // Two paths with the same true cost; every LSDB round both measure with independent noise
        // of up to +-2.4: the difference swings up to 4.8, under the 5-unit absolute margin.
        Random r = new Random(42);
        List<String> installed = A;
        int switches = 0;
        for (int round = 0; round < 20_000; round++) {
            RankedPath a = path(A, 60 + (r.nextDouble() * 4.8 - 2.4), 0.001, 30);
            RankedPath b = path(B, 60 + (r.nextDouble() * 4.8 - 2.4), 0.001, 30);
            RankedPath cur = installed.equals(A) ? a : b;
            SwitchDecision d = POLICY.decide(current(cur), ranking(a, b), round * 1000L, NEVER);
            if (d.switchPath()) {
                switches++;
                installed = d.target().nodes();
            }
        }
        assertEquals(0, switches);
    }

    @Test
    void largerNoiseIsDampedByTheHoldTime() {
        // Noise of +-6 can beat the margin either way; the hold time bounds how often.
        Random r = new Random(7);
        List<String> installed = A;
        long lastSwitch = NEVER;
        int switches = 0;
        int rounds = 20_000;
        long roundMs = 1000;
        for (int round = 0; round < rounds; round++) {
            long now = round * roundMs;
            RankedPath a = path(A, 60 + (r.nextDouble() * 12 - 6), 0.001, 30);
            RankedPath b = path(B, 60 + (r.nextDouble() * 12 - 6), 0.001, 30);
            SwitchDecision d = POLICY.decide(current(installed.equals(A) ? a : b), ranking(a, b), now, lastSwitch);
            if (d.switchPath()) {
                assertTrue(lastSwitch == NEVER || now - lastSwitch >= SwitchThresholds.DEFAULTS.minHoldMs());
                switches++;
                installed = d.target().nodes();
                lastSwitch = now;
            }
        }
        assertTrue(switches > 0, "the noise does exceed the margin");
        assertTrue(switches <= rounds * roundMs / SwitchThresholds.DEFAULTS.minHoldMs() + 1, switches + " switches");
    }

    @Test
    void lossHoveringAroundTheThresholdDoesNotFlap() {
        // Both paths hover around the 2% threshold; a breach may only move to a path at <= 1.6%.
        Random r = new Random(3);
        List<String> installed = A;
        int switches = 0;
        for (int round = 0; round < 20_000; round++) {
            RankedPath a = path(A, 60, 0.0185 + r.nextDouble() * 0.003, 30);
            RankedPath b = path(B, 61, 0.0185 + r.nextDouble() * 0.003, 30);
            SwitchDecision d = POLICY.decide(current(installed.equals(A) ? a : b), ranking(a, b), round * 1000L, NEVER);
            if (d.switchPath()) {
                switches++;
                installed = d.target().nodes();
            }
        }
        assertEquals(0, switches);
    }

    @Test
    void clearGainSwitchesOnceAndStays() {
        RankedPath a = path(A, 100, 0, 50);
        RankedPath b = path(B, 80, 0, 40);
        SwitchDecision d = POLICY.decide(current(a), ranking(a, b), 0, NEVER);
        assertEquals(SwitchReason.CLEAR_GAIN, d.reason());
        assertEquals(B, d.target().nodes());
        SwitchDecision after = POLICY.decide(current(b), ranking(a, b), 1000, 0);
        assertEquals(SwitchReason.ALREADY_BEST, after.reason());
        assertFalse(after.switchPath());
    }

    @Test
    void gainMustClearBothTheRelativeAndTheAbsoluteMargin() {
        // 8 units is above 5 absolute but under 10% of 200: keep.
        assertEquals(SwitchReason.WITHIN_HYSTERESIS,
                POLICY.decide(current(path(A, 200, 0, 50)), ranking(path(A, 200, 0, 50), path(B, 192, 0, 50)), 0, NEVER).reason());
        // 40% but only 4 units: keep.
        assertEquals(SwitchReason.WITHIN_HYSTERESIS,
                POLICY.decide(current(path(A, 10, 0, 5)), ranking(path(A, 10, 0, 5), path(B, 6, 0, 3)), 0, NEVER).reason());
    }

    @Test
    void holdTimeDelaysAGainSwitchButNotAFailover() {
        RankedPath a = path(A, 100, 0, 50);
        RankedPath b = path(B, 50, 0, 25);
        assertEquals(SwitchReason.HOLD_DOWN, POLICY.decide(current(a), ranking(a, b), 5_000, 0).reason());
        assertEquals(SwitchReason.CLEAR_GAIN, POLICY.decide(current(a), ranking(a, b), 10_000, 0).reason());
        PathEvaluation down = new PathEvaluation(A, false, false, "link a -> t is down", null);
        SwitchDecision d = POLICY.decide(down, ranking(b), 5_000, 0);
        assertEquals(SwitchReason.PATH_DOWN, d.reason());
        assertEquals("link a -> t is down", d.detail());
    }

    @Test
    void breachedLossSwitchesToAPathClearlyBelowIt() {
        RankedPath lossy = path(A, 50, 0.05, 20);
        RankedPath borderline = path(List.of("s", "c", "t"), 55, 0.018, 25);
        RankedPath clean = path(B, 70, 0.001, 30);
        SwitchDecision d = POLICY.decide(current(lossy), ranking(lossy, borderline, clean), 0, 0);
        assertEquals(SwitchReason.LOSS_THRESHOLD, d.reason());
        assertEquals(B, d.target().nodes(), "1.8% is under 2% but not under the 1.6% margin");
        SwitchDecision none = POLICY.decide(current(lossy), ranking(lossy, borderline), 0, 0);
        assertEquals(SwitchReason.NO_BETTER_PATH, none.reason());
        assertNull(none.target());
    }

    @Test
    void breachedLatencySwitchesToAPathClearlyBelowIt() {
        RankedPath slow = path(A, 150, 0, 160);
        RankedPath fast = path(B, 170, 0, 100);
        SwitchDecision d = POLICY.decide(current(slow), ranking(slow, fast), 0, 0);
        assertEquals(SwitchReason.LATENCY_THRESHOLD, d.reason());
        assertEquals(B, d.target().nodes());
    }

    @Test
    void violatedConstraintAndMissingPathSwitch() {
        RankedPath a = path(A, 10, 0, 5);
        assertEquals(SwitchReason.CONSTRAINT_VIOLATED, POLICY.decide(
                new PathEvaluation(B, true, false, "crosses avoided node 'b'", path(B, 9, 0, 5)), ranking(a), 0, 0).reason());
        assertEquals(SwitchReason.NO_CURRENT_PATH, POLICY.decide(null, ranking(a), 0, NEVER).reason());
        assertEquals(SwitchReason.NO_PATH, POLICY.decide(current(a), List.of(), 0, NEVER).reason());
    }

    @Test
    void failoverOnTheRealFinderPicksTheRankedBest() {
        PathFinder f = TestMesh.mesh().node("s", "r").node("a", "r").node("b", "r").node("t", "r")
                .link("s", "a", 10).arc("a", "t", 10, 0, 0, null, false).arc("t", "a", 10, 0, 0, null, true)
                .link("s", "b", 30).link("b", "t", 30).latencyFinder();
        PathEvaluation now = f.evaluate(A, PathConstraints.NONE);
        SwitchDecision d = POLICY.decide(now, f.rank("s", "t", 4, PathConstraints.NONE), 0, NEVER);
        assertEquals(SwitchReason.PATH_DOWN, d.reason());
        assertEquals(B, d.target().nodes());
    }
}
