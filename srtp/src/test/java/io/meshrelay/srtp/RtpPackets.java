package io.meshrelay.srtp;

import java.util.Random;

/** Test-only builders of plain RTP and RTCP packets. */
final class RtpPackets {
    private RtpPackets() {
    }

    /** RTP v2, PT 96, given seq/ssrc, payloadLength bytes of deterministic payload, room for a tag. */
    static byte[] rtp(int seq, int ssrc, int payloadLength, int room) {
        byte[] p = new byte[12 + payloadLength + room];
        p[0] = (byte) 0x80;
        p[1] = 96;
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        int ts = seq * 960;
        p[4] = (byte) (ts >>> 24);
        p[5] = (byte) (ts >>> 16);
        p[6] = (byte) (ts >>> 8);
        p[7] = (byte) ts;
        p[8] = (byte) (ssrc >>> 24);
        p[9] = (byte) (ssrc >>> 16);
        p[10] = (byte) (ssrc >>> 8);
        p[11] = (byte) ssrc;
        Random r = new Random(seq * 31L + ssrc);
        for (int i = 12; i < 12 + payloadLength; i++) {
            p[i] = (byte) r.nextInt();
        }
        return p;
    }

    /** RTP with two CSRCs and a one-byte-header extension of 2 words. */
    static byte[] rtpWithCsrcAndExtension(int seq, int ssrc, int payloadLength, int room) {
        int header = 12 + 8 + 4 + 8;
        byte[] base = rtp(seq, ssrc, payloadLength, 0);
        byte[] p = new byte[header + payloadLength + room];
        System.arraycopy(base, 0, p, 0, 12);
        p[0] = (byte) (0x80 | 0x10 | 2);
        for (int i = 12; i < 20; i++) {
            p[i] = (byte) (0xC0 + i);
        }
        p[20] = (byte) 0xBE;
        p[21] = (byte) 0xDE;
        p[22] = 0;
        p[23] = 2;
        for (int i = 24; i < 32; i++) {
            p[i] = (byte) i;
        }
        System.arraycopy(base, 12, p, header, payloadLength);
        return p;
    }

    /** A receiver report (PT 201) with one report block, plus room. */
    static byte[] rtcpReceiverReport(int ssrc, int room) {
        byte[] p = new byte[32 + room];
        p[0] = (byte) 0x81;
        p[1] = (byte) 201;
        p[2] = 0;
        p[3] = 7;
        p[4] = (byte) (ssrc >>> 24);
        p[5] = (byte) (ssrc >>> 16);
        p[6] = (byte) (ssrc >>> 8);
        p[7] = (byte) ssrc;
        for (int i = 8; i < 32; i++) {
            p[i] = (byte) (i * 7);
        }
        return p;
    }
}
