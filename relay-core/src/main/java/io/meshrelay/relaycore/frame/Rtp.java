package io.meshrelay.relaycore.frame;

import io.netty.buffer.ByteBuf;

/**
 * Static accessors over RTP and RTCP headers in a {@link ByteBuf} at an offset (RFC 3550 §5.1,
 * §6.4). Nothing is copied or allocated; callers check {@link #isValidRtp} first.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |
 * |                             ....                              |
 * </pre>
 */
public final class Rtp {
    public static final int FIXED_HEADER = 12;
    /** RTCP's fixed part: V/P/RC, PT, length, sender SSRC. */
    public static final int RTCP_HEADER = 8;

    private Rtp() {
    }

    /** Version 2 and room for the fixed header, CSRCs and extension header (RFC 3550 §5.1, §5.3.1). */
    public static boolean isValidRtp(ByteBuf b, int off, int len) {
        if (len < FIXED_HEADER || (b.getUnsignedByte(off) & 0xC0) != 0x80) {
            return false;
        }
        return headerLength(b, off, len) <= len;
    }

    public static boolean isValidRtcp(ByteBuf b, int off, int len) {
        return len >= RTCP_HEADER && (b.getUnsignedByte(off) & 0xC0) == 0x80;
    }

    /**
     * RTCP or RTP on a muxed port (RFC 5761 §4): RTCP packet types 192-223 occupy the second
     * byte where RTP would have marker+PT 64-95, which RTP must not use.
     */
    public static boolean isRtcp(ByteBuf b, int off) {
        int pt = b.getUnsignedByte(off + 1);
        return pt >= 192 && pt <= 223;
    }

    /** Header length including CSRCs and the extension; may exceed {@code len} for a malformed packet. */
    public static int headerLength(ByteBuf b, int off, int len) {
        int b0 = b.getUnsignedByte(off);
        int h = FIXED_HEADER + 4 * (b0 & 0x0F);
        if ((b0 & 0x10) != 0) {
            if (h + 4 > len) {
                return Integer.MAX_VALUE;
            }
            h += 4 + 4 * b.getUnsignedShort(off + h + 2);
        }
        return h;
    }

    public static int payloadType(ByteBuf b, int off) {
        return b.getUnsignedByte(off + 1) & 0x7F;
    }

    public static int sequence(ByteBuf b, int off) {
        return b.getUnsignedShort(off + 2);
    }

    public static long timestamp(ByteBuf b, int off) {
        return b.getUnsignedInt(off + 4);
    }

    public static int ssrc(ByteBuf b, int off) {
        return b.getInt(off + 8);
    }

    /** Sender SSRC of an RTCP packet (the first packet of a compound). */
    public static int rtcpSsrc(ByteBuf b, int off) {
        return b.getInt(off + 4);
    }
}
