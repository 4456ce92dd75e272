package io.meshrelay.bench.load;

import io.netty.buffer.ByteBuf;

/**
 * The measurement header every load packet carries right after its 12-byte RTP header: the same
 * 32 bytes as relaybench's {@code rtpblast} (little-endian, as rtpblast writes them on x86), so
 * either tool's receiver can read the other's packets. Zero padding follows up to the packet size.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |               magic "RBLS" (0x534c4252, little-endian)          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     run id (LE): one per load point             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     flow index (LE)                             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     zero                                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |              64-bit sequence number in the flow (LE)            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          send time, CLOCK_MONOTONIC ns (System.nanoTime, LE)    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Static accessors over a buffer at the RTP packet's offset; nothing allocates.
 */
public final class ProbePayload {
    public static final int MAGIC = 0x534c4252;
    public static final int RTP_HEADER = 12;
    public static final int LENGTH = 32;
    /** Smallest load packet: RTP header plus this header. */
    public static final int MIN_PACKET = RTP_HEADER + LENGTH;
    /** Largest: what fits a 1500-byte MTU in IPv4/UDP. */
    public static final int MAX_PACKET = 1472;

    private ProbePayload() {
    }

    /**
     * Writes a whole load packet of {@code size} bytes at the buffer's writer index: RTP header
     * (V=2, PT 0, 16-bit sequence, timestamp = seq * 160, SSRC), this header, zero padding.
     */
    public static void write(ByteBuf b, int size, int ssrc, int runId, int flow, long seq, long sendNs) {
        b.writeByte(0x80);
        b.writeByte(0);
        b.writeShort((int) seq);
        b.writeInt((int) (seq * 160));
        b.writeInt(ssrc);
        b.writeIntLE(MAGIC);
        b.writeIntLE(runId);
        b.writeIntLE(flow);
        b.writeIntLE(0);
        b.writeLongLE(seq);
        b.writeLongLE(sendNs);
        b.writeZero(size - MIN_PACKET);
    }

    public static int magic(ByteBuf b, int rtpOff) {
        return b.getIntLE(rtpOff + RTP_HEADER);
    }

    public static int runId(ByteBuf b, int rtpOff) {
        return b.getIntLE(rtpOff + RTP_HEADER + 4);
    }

    public static int flow(ByteBuf b, int rtpOff) {
        return b.getIntLE(rtpOff + RTP_HEADER + 8);
    }

    public static long seq(ByteBuf b, int rtpOff) {
        return b.getLongLE(rtpOff + RTP_HEADER + 16);
    }

    public static long sendNs(ByteBuf b, int rtpOff) {
        return b.getLongLE(rtpOff + RTP_HEADER + 24);
    }
}
