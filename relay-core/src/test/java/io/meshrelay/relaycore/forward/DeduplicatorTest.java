package io.meshrelay.relaycore.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meshrelay.relaycore.forward.Deduplicator.Verdict;
import org.junit.jupiter.api.Test;

class DeduplicatorTest {
    private static Verdict deliver(Deduplicator d, int ssrc, int seq) {
        Verdict v = d.checkRtp(ssrc, seq);
        if (v == Verdict.NEW) {
            d.markLast();
        }
        return v;
    }

    @Test
    void deliversEachSequenceOnceAcrossTwoCopies() {
        Deduplicator d = new Deduplicator();
        int delivered = 0;
        for (int seq = 0; seq < 5000; seq++) {
            for (int copy = 0; copy < 2; copy++) {
                if (deliver(d, 7, seq & 0xFFFF) == Verdict.NEW) {
                    delivered++;
                }
            }
        }
        assertEquals(5000, delivered);
    }

    @Test
    void acceptsReorderingWithinWindowAndRejectsDuplicatesOfIt() {
        Deduplicator d = new Deduplicator();
        assertEquals(Verdict.NEW, deliver(d, 1, 100));
        assertEquals(Verdict.NEW, deliver(d, 1, 900));
        assertEquals(Verdict.NEW, deliver(d, 1, 101)); // late but inside the window
        assertEquals(Verdict.DUPLICATE, deliver(d, 1, 101));
        assertEquals(Verdict.DUPLICATE, deliver(d, 1, 900));
    }

    @Test
    void reportsPacketsOlderThanTheWindow() {
        Deduplicator d = new Deduplicator();
        deliver(d, 1, 10);
        deliver(d, 1, 10 + Deduplicator.WINDOW + 5);
        assertEquals(Verdict.TOO_OLD, d.checkRtp(1, 11));
    }

    @Test
    void followsSequenceWrapAround() {
        Deduplicator d = new Deduplicator();
        for (int i = 65500; i < 65536 + 100; i++) {
            assertEquals(Verdict.NEW, deliver(d, 9, i & 0xFFFF), "seq " + i);
        }
        assertEquals(Verdict.DUPLICATE, deliver(d, 9, 65530));
        assertEquals(Verdict.DUPLICATE, deliver(d, 9, 5));
    }

    @Test
    void clearsBitsWhenWindowSlidesSoOldSlotsDoNotLookDelivered() {
        Deduplicator d = new Deduplicator();
        deliver(d, 1, 0);
        deliver(d, 1, Deduplicator.WINDOW - 1);
        // slot of seq 0 is reused by seq WINDOW: must be NEW even though bit 0 was set
        assertEquals(Verdict.NEW, deliver(d, 1, Deduplicator.WINDOW));
        assertEquals(Verdict.NEW, deliver(d, 1, Deduplicator.WINDOW + 1));
    }

    @Test
    void failedPacketDoesNotHideItsGoodCopy() {
        Deduplicator d = new Deduplicator();
        assertEquals(Verdict.NEW, d.checkRtp(3, 50)); // e.g. authentication fails: not marked
        assertEquals(Verdict.NEW, d.checkRtp(3, 50));
        d.markLast();
        assertEquals(Verdict.DUPLICATE, d.checkRtp(3, 50));
    }

    @Test
    void keepsSsrcsApartAndBoundsTheirNumber() {
        Deduplicator d = new Deduplicator();
        assertEquals(Verdict.NEW, deliver(d, 1, 5));
        assertEquals(Verdict.NEW, deliver(d, 2, 5));
        for (int s = 3; s <= Deduplicator.MAX_SSRCS; s++) {
            deliver(d, s, 1);
        }
        assertEquals(Verdict.TOO_MANY_SSRCS, d.checkRtp(100_000, 1));
    }

    @Test
    void deduplicatesRtcpByIndex() {
        Deduplicator d = new Deduplicator();
        assertEquals(Verdict.NEW, d.checkRtcp(4, 17));
        d.markLast();
        assertEquals(Verdict.DUPLICATE, d.checkRtcp(4, 17));
        assertEquals(Verdict.NEW, d.checkRtp(4, 17)); // RTP and RTCP windows are separate
    }
}
