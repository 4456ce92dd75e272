package io.meshrelay.bench.load;

import io.meshrelay.srtp.SrtpSession;
import io.meshrelay.srtp.SrtpStatus;
import io.netty.buffer.ByteBuf;

/**
 * Everything the receiver learns during one load point: per flow sequence bitmaps, one-way
 * latency of first copies, and the packets it could not attribute (foreign, from an earlier run,
 * failing SRTP authentication). Created per point, owned by the receiver thread, read by the
 * caller only after a hand-off through the receiver's event loop.
 */
final class ReceiverStats {
    final int runId;
    final int ssrcBase;
    final FlowTracker[] flows;
    final SrtpSession[] srtp;
    final LatencyHistogram latency = new LatencyHistogram();
    long received;
    long foreign;
    long stale;
    long srtpFailures;
    long firstRxNs;
    long lastRxNs;

    /** {@code srtp}: one receiving session per flow (indexed by SSRC - ssrcBase), or null for plain RTP. */
    ReceiverStats(int runId, int flows, int ssrcBase, SrtpSession[] srtp) {
        if (srtp != null && srtp.length != flows) {
            throw new IllegalArgumentException("need one SRTP session per flow: " + srtp.length + " for " + flows);
        }
        this.runId = runId;
        this.ssrcBase = ssrcBase;
        this.srtp = srtp;
        this.flows = new FlowTracker[flows];
        for (int i = 0; i < flows; i++) {
            this.flows[i] = new FlowTracker();
        }
    }

    /** One datagram's readable bytes, received at {@code nowNs}; the caller releases the buffer. */
    void onPacket(ByteBuf b, long nowNs) {
        received++;
        if (firstRxNs == 0) {
            firstRxNs = nowNs;
        }
        lastRxNs = nowNs;
        int off = b.readerIndex();
        if (b.readableBytes() < 12 || (b.getUnsignedByte(off) & 0xC0) != 0x80) {
            foreign++;
            return;
        }
        if (srtp != null) {
            int f = b.getInt(off + 8) - ssrcBase;
            if (f < 0 || f >= flows.length) {
                foreign++;
                return;
            }
            if (srtp[f].unprotectRtp(b) != SrtpStatus.OK) {
                srtpFailures++;
                return;
            }
        }
        if (b.readableBytes() < ProbePayload.MIN_PACKET || ProbePayload.magic(b, off) != ProbePayload.MAGIC) {
            foreign++;
            return;
        }
        if (ProbePayload.runId(b, off) != runId) {
            stale++;
            return;
        }
        int f = ProbePayload.flow(b, off);
        if (f < 0 || f >= flows.length) {
            foreign++;
            return;
        }
        if (flows[f].record(ProbePayload.seq(b, off))) {
            latency.record(nowNs - ProbePayload.sendNs(b, off));
        }
    }

    long unique() {
        long u = 0;
        for (FlowTracker t : flows) {
            u += t.unique;
        }
        return u;
    }
}
