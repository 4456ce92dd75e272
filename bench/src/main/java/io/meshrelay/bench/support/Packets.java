package io.meshrelay.bench.support;

import io.meshrelay.relaycore.frame.TrunkAuth;
import io.meshrelay.relaycore.frame.TrunkFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Benchmark inputs built once in setup: RTP packets and sealed trunk frames as byte arrays, so
 * each measured operation only copies them into the buffer it works on. Stateless; any thread.
 */
public final class Packets {
    /** The SSRC every benchmark packet carries. */
    public static final int SSRC = 0x5EED0001;

    private Packets() {
    }

    /**
     * An RTP v2 packet (RFC 3550 §5.1): PT 0, the given sequence number and SSRC, a deterministic
     * payload of {@code payload} bytes, and {@code room} spare bytes at the end (for an SRTP tag).
     */
    public static byte[] rtp(int ssrc, int seq, int payload, int room) {
        byte[] p = new byte[12 + payload + room];
        p[0] = (byte) 0x80;
        p[1] = 0;
        setSeq(p, 0, seq);
        putInt(p, 4, seq * 160);
        putInt(p, 8, ssrc);
        for (int i = 0; i < payload; i++) {
            p[12 + i] = (byte) (i * 7 + 3);
        }
        return p;
    }

    /** A minimal RTCP receiver report (RFC 3550 §6.4.2, PT 201) from {@code ssrc}. */
    public static byte[] rtcp(int ssrc) {
        byte[] p = new byte[8];
        p[0] = (byte) 0x80;
        p[1] = (byte) 201;
        p[3] = 1;
        putInt(p, 4, ssrc);
        return p;
    }

    public static void setSeq(byte[] p, int off, int seq) {
        p[off + 2] = (byte) (seq >>> 8);
        p[off + 3] = (byte) seq;
    }

    private static void putInt(byte[] p, int off, int v) {
        p[off] = (byte) (v >>> 24);
        p[off + 1] = (byte) (v >>> 16);
        p[off + 2] = (byte) (v >>> 8);
        p[off + 3] = (byte) v;
    }

    /**
     * A sealed trunk frame of type RTP carrying {@code payload}: source node {@code source}, the
     * given segment list with the current index at {@code segIndex}, tagged with {@code auth}.
     */
    public static byte[] frame(TrunkAuth auth, int source, long session, int pathId, int[] segments, int segIndex,
            byte[] payload, int payloadLength) {
        short[] segs = new short[segments.length];
        for (int i = 0; i < segs.length; i++) {
            segs[i] = (short) segments[i];
        }
        int hl = TrunkFrame.headerLength(segs.length);
        int total = hl + payloadLength + TrunkFrame.TAG_LENGTH;
        byte[] out = new byte[total];
        ByteBuf b = Unpooled.wrappedBuffer(out);
        new TrunkFrame().wrap(b, 0, total).writeHeader(TrunkFrame.TYPE_RTP, 0, auth.currentKeyId(), source, session,
                pathId, 1, segs, segIndex);
        b.setBytes(hl, payload, 0, payloadLength);
        auth.seal(b, 0, total);
        return out;
    }

    /** A fixed 16-byte key, so runs are comparable (the key's value does not change the cost). */
    public static byte[] key16(int seed) {
        byte[] k = new byte[16];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (seed * 31 + i * 17);
        }
        return k;
    }
}
