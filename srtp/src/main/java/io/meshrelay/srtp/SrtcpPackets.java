package io.meshrelay.srtp;

import io.netty.buffer.ByteBuf;

/** Stateless reads of SRTCP trailer fields, for the data plane's de-duplication; any thread. */
public final class SrtcpPackets {
    private SrtcpPackets() {
    }

    /**
     * The 31-bit SRTCP index of the readable bytes of a protected SRTCP packet, without the E flag;
     * -1 if the packet is too short for this suite or not RTP version 2.
     *
     * <p>AES-CM: ... | E||index | tag (RFC 3711 §3.4). GCM: ... | tag | E||index (RFC 7714 §9).
     */
    public static long srtcpIndex(ByteBuf srtcpPacket, SrtpSuite suite) {
        int start = srtcpPacket.readerIndex();
        int len = srtcpPacket.readableBytes();
        if (len < 8 + suite.rtcpOverhead() || (srtcpPacket.getByte(start) & 0xC0) != 0x80) {
            return -1;
        }
        int fromEnd = suite.isAead() ? 4 : 4 + suite.rtcpTagLength();
        return srtcpPacket.getInt(start + len - fromEnd) & 0x7fffffffL;
    }

    /** Whether the E flag says the SRTCP payload is encrypted; false also when malformed. */
    public static boolean isEncrypted(ByteBuf srtcpPacket, SrtpSuite suite) {
        int start = srtcpPacket.readerIndex();
        int len = srtcpPacket.readableBytes();
        if (len < 8 + suite.rtcpOverhead()) {
            return false;
        }
        int fromEnd = suite.isAead() ? 4 : 4 + suite.rtcpTagLength();
        return srtcpPacket.getInt(start + len - fromEnd) < 0;
    }
}
