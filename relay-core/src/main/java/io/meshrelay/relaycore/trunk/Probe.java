package io.meshrelay.relaycore.trunk;

import io.netty.buffer.ByteBuf;

/**
 * Payload of probe frames: an echo with timestamps for RTT, jitter and loss, and optionally a
 * member of a back-to-back train whose arrival spread at the peer estimates the available
 * bandwidth. The answer echoes the first {@link #LENGTH} bytes and adds the peer's receive time.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence number                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Train id            |  Train index  | Train length  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Sender time, ns (64 bits)                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      (reply only) Responder receive time, ns (64 bits)        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          (reply only) Size of the probe frame, bytes          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           (probe only) padding up to the probe size           |
 * </pre>
 */
public final class Probe {
    public static final int LENGTH = 16;
    public static final int REPLY_LENGTH = LENGTH + 12;

    private Probe() {
    }

    public static void write(ByteBuf b, int off, long seq, int trainId, int trainIndex, int trainLength, long sentNs) {
        b.setInt(off, (int) seq);
        b.setShort(off + 4, trainId);
        b.setByte(off + 6, trainIndex);
        b.setByte(off + 7, trainLength);
        b.setLong(off + 8, sentNs);
    }

    public static long seq(ByteBuf b, int off) {
        return b.getUnsignedInt(off);
    }

    public static int trainId(ByteBuf b, int off) {
        return b.getUnsignedShort(off + 4);
    }

    public static int trainIndex(ByteBuf b, int off) {
        return b.getUnsignedByte(off + 6);
    }

    public static int trainLength(ByteBuf b, int off) {
        return b.getUnsignedByte(off + 7);
    }

    public static long sentNs(ByteBuf b, int off) {
        return b.getLong(off + 8);
    }

    public static long peerRxNs(ByteBuf b, int off) {
        return b.getLong(off + 16);
    }

    public static int probeSize(ByteBuf b, int off) {
        return b.getInt(off + 24);
    }
}
