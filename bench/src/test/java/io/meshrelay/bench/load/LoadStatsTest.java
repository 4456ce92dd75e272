package io.meshrelay.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshrelay.srtp.SrtpKeyMaterial;
import io.meshrelay.srtp.SrtpSession;
import io.meshrelay.srtp.SrtpStatus;
import io.meshrelay.srtp.SrtpSuite;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** The receiver's bookkeeping: exact loss, duplicates, reordering, latency and attribution. */
class LoadStatsTest {
    private static ByteBuf packet(int size, int ssrc, int runId, int flow, long seq, long sendNs) {
        ByteBuf b = Unpooled.buffer(size + 16);
        ProbePayload.write(b, size, ssrc, runId, flow, seq, sendNs);
        return b;
    }

    @Test
    void probePayloadRoundTripsInRtpblastsLayout() {
        ByteBuf b = packet(172, 0x10000005, 77, 5, 123456789L, 42L);
        assertEquals(172, b.readableBytes());
        assertEquals(0x80, b.getUnsignedByte(0));
        assertEquals(123456789 & 0xFFFF, b.getUnsignedShort(2));
        assertEquals(0x10000005, b.getInt(8));
        // rtpblast writes the magic with memcpy on little-endian x86: bytes 'R' 'B' 'L' 'S'
        assertEquals('R', b.getByte(12));
        assertEquals('S', b.getByte(15));
        assertEquals(77, ProbePayload.runId(b, 0));
        assertEquals(5, ProbePayload.flow(b, 0));
        assertEquals(123456789L, ProbePayload.seq(b, 0));
        assertEquals(42L, ProbePayload.sendNs(b, 0));
        for (int i = ProbePayload.MIN_PACKET; i < 172; i++) {
            assertEquals(0, b.getByte(i), "padding is zero");
        }
    }

    @Test
    void flowTrackerCountsDuplicatesReorderingAndGrows() {
        FlowTracker t = new FlowTracker();
        assertTrue(t.record(0));
        assertTrue(t.record(2));
        assertTrue(t.record(1)); // late
        assertFalse(t.record(2)); // duplicate
        assertTrue(t.record(100_000)); // forces growth
        assertFalse(t.record(-1));
        assertEquals(6, t.received);
        assertEquals(4, t.unique);
        assertEquals(1, t.duplicates);
        assertEquals(1, t.reordered);
        assertEquals(1, t.outOfRange);
        assertEquals(100_001, t.next);
    }

    @Test
    void histogramReportsBucketMidpointsLikeRtpblast() {
        LatencyHistogram h = new LatencyHistogram();
        assertEquals(-1, h.percentileUs(0.5));
        for (int i = 0; i < 99; i++) {
            h.record(10_000); // 10 us
        }
        h.record(20_000_000); // 20 ms: coarse bucket
        assertEquals(10.05, h.percentileUs(0.50), 1e-9);
        assertEquals(10.05, h.percentileUs(0.99), 1e-9);
        assertEquals(20_005.0, h.percentileUs(1.0), 1e-9);
        assertEquals(20_000.0, h.maxUs(), 1e-9);
        h.record(5_000_000_000L); // beyond 1 s: overflow reports the max
        assertEquals(5_000_000.0, h.percentileUs(1.0), 1e-9);
        h.record(-5); // clock skew never goes negative
        assertEquals(102, h.count());
    }

    @Test
    void receiverAttributesPacketsAndRejectsForeignAndStaleOnes() {
        ReceiverStats s = new ReceiverStats(9, 2, 0x100, null);
        s.onPacket(packet(60, 0x100, 9, 0, 0, 1_000), 11_000);
        s.onPacket(packet(60, 0x101, 9, 1, 0, 1_000), 21_000);
        s.onPacket(packet(60, 0x101, 9, 1, 0, 1_000), 22_000); // duplicate: no second latency sample
        s.onPacket(packet(60, 0x101, 8, 1, 1, 1_000), 22_000); // earlier run
        s.onPacket(packet(60, 0x101, 9, 7, 1, 1_000), 22_000); // no such flow
        s.onPacket(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}), 22_000); // not RTP
        assertEquals(6, s.received);
        assertEquals(2, s.unique());
        assertEquals(1, s.flows[1].duplicates);
        assertEquals(1, s.stale);
        assertEquals(2, s.foreign);
        assertEquals(2, s.latency.count());
        assertEquals(10.05, s.latency.percentileUs(0.5), 1e-9);
    }

    @Test
    void receiverUnprotectsSrtpPerFlowAndCountsAuthenticationFailures() {
        SrtpSuite suite = SrtpSuite.AES_CM_128_HMAC_SHA1_80;
        SrtpKeyMaterial k0 = SrtpKeyMaterial.generate(suite);
        SrtpKeyMaterial k1 = SrtpKeyMaterial.generate(suite);
        ReceiverStats s = new ReceiverStats(3, 2, 0x200, new SrtpSession[] {
            SrtpSession.receiverWithoutReplayCheck(k0), SrtpSession.receiverWithoutReplayCheck(k1)});
        ByteBuf good = packet(100, 0x201, 3, 1, 0, 0);
        assertEquals(SrtpStatus.OK, SrtpSession.sender(k1).protectRtp(good));
        ByteBuf wrongKey = packet(100, 0x200, 3, 0, 0, 0);
        assertEquals(SrtpStatus.OK, SrtpSession.sender(k1).protectRtp(wrongKey));
        s.onPacket(good, 5_000);
        s.onPacket(wrongKey, 5_000);
        s.onPacket(packet(100, 0x999, 3, 0, 0, 0), 5_000); // SSRC of no flow
        assertEquals(1, s.unique());
        assertEquals(1, s.flows[1].unique);
        assertEquals(1, s.srtpFailures);
        assertEquals(1, s.foreign);
    }
}
