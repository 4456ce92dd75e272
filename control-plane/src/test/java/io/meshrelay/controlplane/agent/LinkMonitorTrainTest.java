package io.meshrelay.controlplane.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LinkMonitorTrainTest {
    private static final int GAPS = 7; // an 8-packet train
    private static final int BYTES = 1200;
    private static final double BITS = GAPS * BYTES * 8.0;

    @Test
    void aTrainThePathSpreadMeasuresThePathFromTheReceiversSpread() {
        // sent in 5 us, arrived over 672 us: 100 Mbit/s
        assertEquals(100.0, LinkMonitor.trainMbps(GAPS, BYTES, 5_000, 672_000), 1e-9);
    }

    @Test
    void aTrainSentBackToBackOverAFasterPathGivesTheRateItWentThroughAt() {
        // loopback: sent in 20 us, arrived over 25 us; the path carried at least BITS per 25 us
        assertEquals(BITS / 25e-6 / 1e6, LinkMonitor.trainMbps(GAPS, BYTES, 20_000, 25_000), 1e-6);
        // arrived faster than sent (the peer read them in one batch): only the send rate is shown
        assertEquals(BITS / 20e-6 / 1e6, LinkMonitor.trainMbps(GAPS, BYTES, 20_000, 3_000), 1e-6);
    }

    @Test
    void aTrainThisSenderSpreadByBeingDescheduledSaysNothing() {
        // 2 ms to send 8 packets, received as spread: the sender's pause, not the path
        assertTrue(Double.isNaN(LinkMonitor.trainMbps(GAPS, BYTES, 2_000_000, 2_100_000)));
    }

    @Test
    void incompleteOrInstantTrainsSayNothing() {
        assertTrue(Double.isNaN(LinkMonitor.trainMbps(0, BYTES, 0, 1_000)));
        assertTrue(Double.isNaN(LinkMonitor.trainMbps(GAPS, BYTES, 1_000, 0)));
    }
}
