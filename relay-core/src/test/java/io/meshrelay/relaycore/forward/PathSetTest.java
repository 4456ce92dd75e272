package io.meshrelay.relaycore.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PathSetTest {
    private static final int SELF = 0;
    private final Path direct = new Path(1, 5);
    private final Path viaTwo = new Path(2, 2, 5);
    private final Path viaThree = new Path(3, 3, 5);

    @Test
    void rejectsPathsToDifferentDestinations() {
        assertThrows(IllegalArgumentException.class, () -> PathSet.single(1, direct, new Path(4, 2, 6)));
        assertThrows(IllegalArgumentException.class, () -> new Path(5, 2, 3, 2));
    }

    @Test
    void makeBeforeBreakDrainsOnlyPathsNoLongerActive() {
        PathSet old = PathSet.single(1, direct, viaTwo);
        PathSet next = PathSet.single(2, viaTwo, direct);
        PathSet merged = PathSet.switchTo(old, next, 1_000, 500);
        assertEquals(List.of(viaTwo), merged.active());
        assertEquals(List.of(direct), merged.draining());
        assertEquals(1_500, merged.drainUntilNs());
        PathSet sameActive = PathSet.single(3, direct);
        assertSame(sameActive, PathSet.switchTo(old, sameActive, 1_000, 500)); // nothing to drain
    }

    @Test
    void fastRerouteReplacesFailedHopWithFirstUsableBackup() {
        PathSet ps = PathSet.single(1, direct, viaTwo, viaThree);
        PathSet after = ps.withoutHop(SELF, SELF, 5);
        assertEquals(List.of(viaTwo), after.active());
        assertEquals(List.of(viaThree), after.backups());
        assertSame(ps, ps.withoutHop(SELF, 2, 5)); // unaffected: same object, no churn
        PathSet nodeDown = PathSet.single(1, viaTwo, viaThree).withoutHop(SELF, -1, 2);
        assertEquals(List.of(viaThree), nodeDown.active());
        assertNull(PathSet.single(1, direct).withoutHop(SELF, SELF, 5));
    }

    @Test
    void redundantSetKeepsTwoActivePathsAfterReroute() {
        PathSet ps = PathSet.redundant(1, new Path[] {direct, viaTwo}, viaThree);
        assertTrue(ps.isRedundant());
        PathSet after = ps.withoutHop(SELF, 2, 5);
        assertEquals(List.of(direct, viaThree), after.active());
    }
}
