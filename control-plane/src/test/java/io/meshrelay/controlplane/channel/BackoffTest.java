package io.meshrelay.controlplane.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final long MS = 1_000_000L;

    private static List<Long> delaysMs(Backoff b, int n) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(b.nextDelayNs() / MS);
        }
        return out;
    }

    @Test
    void doublesFromTheMinimumToTheCeilingWithLongestJitter() {
        Backoff longest = new Backoff(100 * MS, 10_000 * MS, bound -> bound - 1);
        assertEquals(List.of(100L, 200L, 400L, 800L, 1600L, 3200L, 6400L, 10_000L, 10_000L),
                delaysMs(longest, 9));
    }

    @Test
    void shortestJitterIsHalfTheStepButNeverBelowTheMinimum() {
        Backoff shortest = new Backoff(100 * MS, 10_000 * MS, bound -> 0);
        assertEquals(List.of(100L, 100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L), delaysMs(shortest, 9));
    }

    @Test
    void everyDelayStaysWithinTheMinimumAndTheCeilingForRandomJitter() {
        Random r = new Random(42);
        Backoff b = new Backoff(100 * MS, 10_000 * MS, r::nextLong);
        for (int i = 0; i < 1000; i++) {
            long d = b.nextDelayNs();
            assertTrue(d >= 100 * MS && d <= 10_000 * MS, String.valueOf(d));
        }
    }

    @Test
    void resetStartsOverAtTheMinimum() {
        Backoff b = new Backoff(100 * MS, 10_000 * MS, bound -> bound - 1);
        delaysMs(b, 5);
        b.reset();
        assertEquals(List.of(100L, 200L), delaysMs(b, 2));
    }

    @Test
    void hugeCeilingDoesNotOverflow() {
        Backoff b = new Backoff(1, Long.MAX_VALUE, bound -> bound - 1);
        long last = 0;
        for (int i = 0; i < 100; i++) {
            long d = b.nextDelayNs();
            assertTrue(d >= last, "never shrinks: " + d + " after " + last);
            last = d;
        }
        assertEquals(Long.MAX_VALUE, last);
    }
}
