package io.meshrelay.srtp;

import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.security.GeneralSecurityException;

/**
 * One direction of one SRTP session (all its SSRCs): protects (sender) or unprotects (receiver)
 * RTP and RTCP in place. Confined to one thread (the leg's event loop); never throws, allocates
 * or logs per packet; every outcome is counted by {@link SrtpStatus}.
 *
 * <p>Session keys do not depend on the SSRC (RFC 3711 §4.3 with kdr 0), so they are derived once
 * per session; what is per SSRC (ROC, highest sequence, replay window, SRTCP index) is a small
 * state created on the first packet of that SSRC, and on the receiving side only after the packet
 * authenticated, so forged packets with random SSRCs create nothing.
 *
 * <p>Array variants: {@code protectRtp} appends exactly {@link SrtpSuite#rtpOverhead()} bytes
 * (the caller leaves room), {@code unprotectRtp} removes exactly that many; RTCP likewise with
 * {@link SrtpSuite#rtcpOverhead()}. Counters may be read from any thread (opaque reads).
 */
public final class SrtpSession {
    /** Per session and direction; a conference's mesh session carries a few hundred SSRCs. */
    public static final int DEFAULT_MAX_SSRCS = 1024;
    /** RFC 3711 §3.3.2 minimum replay window. */
    static final int REPLAY_WINDOW = 64;
    private static final int FIXED_RTP_HEADER = 12;
    private static final int FIXED_RTCP_HEADER = 8;
    private static final long MAX_ROC = 0xFFFFFFFFL;
    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);

    private final SrtpSuite suite;
    private final boolean sender;
    private final SrtpCryptoProvider provider;
    private final PacketTransform rtp;
    private final PacketTransform rtcp;
    private final SsrcStates rtpStreams;
    private final SsrcStates rtcpStreams;
    private final int maxSsrcs;
    /**
     * False for a receiver whose caller already de-duplicates over a wider window (the mesh
     * egress, RFC 3711 §3.3.2 allows replay protection elsewhere): late packets beyond 64 are
     * then still delivered, e.g. after a make-before-break switch to a much shorter path.
     */
    private final boolean replayCheck;
    private final long[] rtpCounts = new long[SrtpStatus.values().length];
    private final long[] rtcpCounts = new long[SrtpStatus.values().length];
    /** Copy of a direct buffer's packet: the transforms work on arrays. Grows only for larger packets. */
    private byte[] scratch = new byte[2048];

    private SrtpSession(SrtpKeyMaterial keys, boolean sender, SrtpCryptoProvider provider, int maxSsrcs,
            boolean replayCheck) {
        if (maxSsrcs < 1) {
            throw new IllegalArgumentException("maxSsrcs must be at least 1, got " + maxSsrcs);
        }
        this.suite = keys.suite();
        this.sender = sender;
        this.provider = provider;
        try {
            this.rtp = PacketTransform.create(keys, provider, false);
            this.rtcp = PacketTransform.create(keys, provider, true);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SRTP crypto provider " + provider + " failed to set up " + suite
                    + ": " + e.getMessage(), e);
        }
        this.rtpStreams = new SsrcStates(maxSsrcs);
        this.rtcpStreams = new SsrcStates(maxSsrcs);
        this.maxSsrcs = maxSsrcs;
        this.replayCheck = replayCheck;
    }

    /** The protecting direction with the process-wide crypto provider. */
    public static SrtpSession sender(SrtpKeyMaterial keys) {
        return new SrtpSession(keys, true, SrtpCryptoProvider.active(), DEFAULT_MAX_SSRCS, true);
    }

    /** The unprotecting direction with the process-wide crypto provider. */
    public static SrtpSession receiver(SrtpKeyMaterial keys) {
        return new SrtpSession(keys, false, SrtpCryptoProvider.active(), DEFAULT_MAX_SSRCS, true);
    }

    public static SrtpSession sender(SrtpKeyMaterial keys, SrtpCryptoProvider provider, int maxSsrcs) {
        return new SrtpSession(keys, true, provider, maxSsrcs, true);
    }

    public static SrtpSession receiver(SrtpKeyMaterial keys, SrtpCryptoProvider provider, int maxSsrcs) {
        return new SrtpSession(keys, false, provider, maxSsrcs, true);
    }

    /**
     * A receiver without its own replay window, for callers that de-duplicate and replay-check
     * every packet themselves before unprotecting it (meshrelay's egress, window 1,024).
     * Authentication and rollover estimation are unchanged.
     */
    public static SrtpSession receiverWithoutReplayCheck(SrtpKeyMaterial keys) {
        return new SrtpSession(keys, false, SrtpCryptoProvider.active(), DEFAULT_MAX_SSRCS, false);
    }

    public SrtpSuite suite() {
        return suite;
    }

    public boolean isSender() {
        return sender;
    }

    public SrtpCryptoProvider provider() {
        return provider;
    }

    /** RTP packets that ended with this status (opaque read: any thread). */
    public long rtpCount(SrtpStatus status) {
        return (long) COUNTS.getOpaque(rtpCounts, status.ordinal());
    }

    /** RTCP packets that ended with this status (opaque read: any thread). */
    public long rtcpCount(SrtpStatus status) {
        return (long) COUNTS.getOpaque(rtcpCounts, status.ordinal());
    }

    /** SSRCs with RTP state. */
    public int rtpSsrcCount() {
        return rtpStreams.size();
    }

    /**
     * Forgets the ROC, replay window and SRTCP index of an SSRC (its stream ended); a later packet
     * of that SSRC starts afresh (ROC 0). Not per packet.
     */
    public void removeSsrc(int ssrc) {
        rtpStreams.remove(ssrc);
        rtcpStreams.remove(ssrc);
    }

    // ---- ByteBuf: the readable bytes are the packet --------------------------------------------

    /** Protects the readable bytes in place and appends the tag (writerIndex grows by rtpOverhead). */
    public SrtpStatus protectRtp(ByteBuf buf) {
        return inPlace(buf, PROTECT_RTP, suite.rtpOverhead());
    }

    /** Verifies and decrypts the readable bytes in place; writerIndex shrinks by rtpOverhead. */
    public SrtpStatus unprotectRtp(ByteBuf buf) {
        return inPlace(buf, UNPROTECT_RTP, -suite.rtpOverhead());
    }

    /** Protects an RTCP compound packet in place; appends E||index and tag (rtcpOverhead bytes). */
    public SrtpStatus protectRtcp(ByteBuf buf) {
        return inPlace(buf, PROTECT_RTCP, suite.rtcpOverhead());
    }

    /** Verifies and decrypts an SRTCP packet in place; writerIndex shrinks by rtcpOverhead. */
    public SrtpStatus unprotectRtcp(ByteBuf buf) {
        return inPlace(buf, UNPROTECT_RTCP, -suite.rtcpOverhead());
    }

    private static final int PROTECT_RTP = 0;
    private static final int UNPROTECT_RTP = 1;
    private static final int PROTECT_RTCP = 2;
    private static final int UNPROTECT_RTCP = 3;

    /**
     * Runs one array operation on the readable bytes; {@code growth} is how the packet's length
     * changes (the tag added, or removed). A heap buffer is worked on where it is, a direct one
     * through the session's scratch array: an int op code, not a lambda, so nothing is allocated.
     */
    private SrtpStatus inPlace(ByteBuf buf, int op, int growth) {
        if (growth > 0 && buf.writableBytes() < growth) {
            return count(op == PROTECT_RTP ? rtpCounts : rtcpCounts, SrtpStatus.NO_SPACE);
        }
        int len = buf.readableBytes();
        SrtpStatus status;
        if (buf.hasArray()) {
            status = apply(op, buf.array(), buf.arrayOffset() + buf.readerIndex(), len);
        } else {
            byte[] b = scratch(len + Math.max(growth, 0));
            buf.getBytes(buf.readerIndex(), b, 0, len);
            status = apply(op, b, 0, len);
            if (status == SrtpStatus.OK) {
                buf.setBytes(buf.readerIndex(), b, 0, len + growth);
            }
        }
        if (status == SrtpStatus.OK) {
            buf.writerIndex(buf.writerIndex() + growth);
        }
        return status;
    }

    private SrtpStatus apply(int op, byte[] b, int off, int len) {
        switch (op) {
            case PROTECT_RTP:
                return protectRtp(b, off, len);
            case UNPROTECT_RTP:
                return unprotectRtp(b, off, len);
            case PROTECT_RTCP:
                return protectRtcp(b, off, len);
            default:
                return unprotectRtcp(b, off, len);
        }
    }

    // ---- arrays ------------------------------------------------------------------------------

    /**
     * Protects the RTP packet b[off, off+len) in place and writes the tag at b[off+len..]; the
     * caller guarantees rtpOverhead bytes of room there.
     */
    public SrtpStatus protectRtp(byte[] b, int off, int len) {
        checkDirection(true);
        if (off < 0 || len < 0 || off + len + suite.rtpOverhead() > b.length) {
            return count(rtpCounts, off + len <= b.length && off >= 0 && len >= 0 ? SrtpStatus.NO_SPACE
                    : SrtpStatus.MALFORMED);
        }
        int headerLength = rtpHeaderLength(b, off, len);
        if (headerLength < 0) {
            return count(rtpCounts, SrtpStatus.MALFORMED);
        }
        int seq = ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
        int ssrc = PacketTransform.readInt(b, off + 8);
        SsrcStates.Stream stream = rtpStreams.get(ssrc);
        if (stream == null) {
            stream = rtpStreams.add(ssrc);
            if (stream == null) {
                return count(rtpCounts, SrtpStatus.SSRC_LIMIT);
            }
            stream.highest = seq;
        }
        long v = guessRoc(stream, seq);
        if (v < 0) {
            return count(rtpCounts, SrtpStatus.REPLAY_OLD);
        }
        if (v > MAX_ROC) {
            return count(rtpCounts, SrtpStatus.KEY_EXHAUSTED);
        }
        long index = (v << 16) | seq;
        rtp.protectRtp(b, off, len, headerLength, ssrc, index);
        advance(stream, v, seq, index);
        return count(rtpCounts, SrtpStatus.OK);
    }

    /** Verifies and decrypts the SRTP packet b[off, off+len) (tag included) in place. */
    public SrtpStatus unprotectRtp(byte[] b, int off, int len) {
        checkDirection(false);
        int tagLength = suite.rtpOverhead();
        if (off < 0 || len < FIXED_RTP_HEADER + tagLength || off + len > b.length) {
            return count(rtpCounts, SrtpStatus.MALFORMED);
        }
        int payloadEnd = len - tagLength;
        int headerLength = rtpHeaderLength(b, off, payloadEnd);
        if (headerLength < 0) {
            return count(rtpCounts, SrtpStatus.MALFORMED);
        }
        int seq = ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
        int ssrc = PacketTransform.readInt(b, off + 8);
        SsrcStates.Stream stream = rtpStreams.get(ssrc);
        if (stream == null) {
            // RFC 3711 §3.3.1: a new stream starts with ROC 0 and s_l = SEQ; kept only if it authenticates.
            if (rtpStreams.size() >= maxSsrcs) {
                return count(rtpCounts, SrtpStatus.SSRC_LIMIT);
            }
            long index = seq;
            if (!rtp.unprotectRtp(b, off, payloadEnd, headerLength, ssrc, index)) {
                return count(rtpCounts, SrtpStatus.AUTH_FAIL);
            }
            stream = rtpStreams.add(ssrc);
            stream.highest = seq;
            stream.window = 1;
            return count(rtpCounts, SrtpStatus.OK);
        }
        long v = guessRoc(stream, seq);
        if (v < 0) {
            return count(rtpCounts, SrtpStatus.REPLAY_OLD);
        }
        if (v > MAX_ROC) {
            return count(rtpCounts, SrtpStatus.KEY_EXHAUSTED);
        }
        long index = (v << 16) | seq;
        long delta = index - ((stream.roc << 16) | stream.highest);
        if (delta <= 0 && replayCheck) {
            if (-delta >= REPLAY_WINDOW) {
                return count(rtpCounts, SrtpStatus.REPLAY_OLD);
            }
            if ((stream.window >>> -delta & 1) != 0) {
                return count(rtpCounts, SrtpStatus.REPLAY_DUPLICATE);
            }
        }
        if (!rtp.unprotectRtp(b, off, payloadEnd, headerLength, ssrc, index)) {
            return count(rtpCounts, SrtpStatus.AUTH_FAIL);
        }
        advance(stream, v, seq, index);
        return count(rtpCounts, SrtpStatus.OK);
    }

    /**
     * Protects the RTCP compound packet b[off, off+len) in place and appends E||index and tag;
     * the caller guarantees rtcpOverhead bytes of room.
     */
    public SrtpStatus protectRtcp(byte[] b, int off, int len) {
        checkDirection(true);
        if (off < 0 || len < FIXED_RTCP_HEADER || off + len > b.length) {
            return count(rtcpCounts, SrtpStatus.MALFORMED);
        }
        if (off + len + suite.rtcpOverhead() > b.length) {
            return count(rtcpCounts, SrtpStatus.NO_SPACE);
        }
        if ((b[off] & 0xC0) != 0x80) {
            return count(rtcpCounts, SrtpStatus.MALFORMED);
        }
        int ssrc = PacketTransform.readInt(b, off + 4);
        SsrcStates.Stream stream = rtcpStreams.get(ssrc);
        if (stream == null) {
            stream = rtcpStreams.add(ssrc);
            if (stream == null) {
                return count(rtcpCounts, SrtpStatus.SSRC_LIMIT);
            }
        }
        int index = stream.highest;
        if (index < 0) {
            // The 31-bit SRTCP index must not wrap under one key (RFC 3711 §3.3.1, §9.2).
            return count(rtcpCounts, SrtpStatus.KEY_EXHAUSTED);
        }
        rtcp.protectRtcp(b, off, len, ssrc, index);
        stream.highest = index + 1;
        return count(rtcpCounts, SrtpStatus.OK);
    }

    /** Verifies and decrypts the SRTCP packet b[off, off+len) (index and tag included) in place. */
    public SrtpStatus unprotectRtcp(byte[] b, int off, int len) {
        checkDirection(false);
        if (off < 0 || len < FIXED_RTCP_HEADER + suite.rtcpOverhead() || off + len > b.length
                || (b[off] & 0xC0) != 0x80) {
            return count(rtcpCounts, SrtpStatus.MALFORMED);
        }
        int ssrc = PacketTransform.readInt(b, off + 4);
        int eIndex = PacketTransform.readInt(b, off + len - rtcp.rtcpIndexFromEnd());
        int index = eIndex & 0x7fffffff;
        SsrcStates.Stream stream = rtcpStreams.get(ssrc);
        long delta = 1;
        if (stream != null) {
            delta = (long) index - stream.highest;
            if (delta <= 0 && replayCheck) {
                if (-delta >= REPLAY_WINDOW) {
                    return count(rtcpCounts, SrtpStatus.REPLAY_OLD);
                }
                if ((stream.window >>> -delta & 1) != 0) {
                    return count(rtcpCounts, SrtpStatus.REPLAY_DUPLICATE);
                }
            }
        } else if (rtcpStreams.size() >= maxSsrcs) {
            return count(rtcpCounts, SrtpStatus.SSRC_LIMIT);
        }
        if (!rtcp.unprotectRtcp(b, off, len, ssrc, eIndex)) {
            return count(rtcpCounts, SrtpStatus.AUTH_FAIL);
        }
        if (stream == null) {
            stream = rtcpStreams.add(ssrc);
            stream.highest = index;
            stream.window = 1;
        } else {
            slide(stream, delta);
            if (delta > 0) {
                stream.highest = index;
            }
        }
        return count(rtcpCounts, SrtpStatus.OK);
    }

    // ---- RFC 3711 index estimation and replay window --------------------------------------------

    /** RFC 3711 §3.3.1 / Appendix A: the ROC v for this SEQ given s_l and ROC; -1 before ROC 0. */
    private static long guessRoc(SsrcStates.Stream stream, int seq) {
        int sl = stream.highest;
        long roc = stream.roc;
        if (sl < 32768) {
            return seq - sl > 32768 ? roc - 1 : roc;
        }
        return sl - 32768 > seq ? roc + 1 : roc;
    }

    /** Accepts index: slides the window and moves s_l/ROC forward if it is the newest. */
    private static void advance(SsrcStates.Stream stream, long v, int seq, long index) {
        long delta = index - ((stream.roc << 16) | stream.highest);
        slide(stream, delta);
        if (delta > 0) {
            stream.roc = v;
            stream.highest = seq;
        }
    }

    private static void slide(SsrcStates.Stream stream, long delta) {
        if (delta >= REPLAY_WINDOW) {
            stream.window = 1;
        } else if (delta > 0) {
            stream.window = (stream.window << delta) | 1;
        } else if (-delta < REPLAY_WINDOW) {
            stream.window |= 1L << -delta;
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** Length of the RTP header incl. CSRCs and extension (RFC 3550 §5.1, §5.3.1), or -1 if malformed. */
    private static int rtpHeaderLength(byte[] b, int off, int len) {
        if (len < FIXED_RTP_HEADER) {
            return -1;
        }
        int first = b[off] & 0xff;
        if ((first & 0xC0) != 0x80) {
            return -1;
        }
        int headerLength = FIXED_RTP_HEADER + 4 * (first & 0x0f);
        if ((first & 0x10) != 0) {
            if (headerLength + 4 > len) {
                return -1;
            }
            int words = ((b[off + headerLength + 2] & 0xff) << 8) | (b[off + headerLength + 3] & 0xff);
            headerLength += 4 + 4 * words;
        }
        return headerLength <= len ? headerLength : -1;
    }

    private SrtpStatus count(long[] counts, SrtpStatus status) {
        int i = status.ordinal();
        COUNTS.setOpaque(counts, i, (long) COUNTS.getOpaque(counts, i) + 1);
        return status;
    }

    private void checkDirection(boolean protect) {
        if (protect != sender) {
            // A wiring bug, not a packet outcome: fail loudly once rather than count.
            throw new IllegalStateException(sender ? "unprotect called on an SRTP sender session"
                    : "protect called on an SRTP receiver session");
        }
    }

    private byte[] scratch(int len) {
        byte[] b = scratch;
        if (b.length < len) {
            b = new byte[Integer.highestOneBit(len - 1) << 1];
            scratch = b;
        }
        return b;
    }

    @Override
    public String toString() {
        return "SrtpSession[" + (sender ? "sender " : "receiver ") + suite + ", " + provider + "]";
    }
}
