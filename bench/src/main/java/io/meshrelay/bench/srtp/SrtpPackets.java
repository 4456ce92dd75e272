package io.meshrelay.bench.srtp;

/** Benchmark-only RTP packet builder (12-byte header, deterministic payload); any thread. */
final class SrtpPackets {
    static final int SSRC = 0x12345678;
    /**
     * For every SRTP fork: AES-GCM reaches the JDK's GHASH and AES-CTR intrinsics only with it
     * (io.meshrelay.srtp.JdkGcmIntrinsics); forks are started with -cp, so benchmarks.jar's
     * manifest Add-Opens does not reach them.
     */
    static final String ADD_OPENS = "--add-opens=java.base/com.sun.crypto.provider=ALL-UNNAMED";

    private SrtpPackets() {
    }

    /** RTP v2 packet with the given payload size and seq, in a buffer with room bytes spare. */
    static byte[] rtp(int payload, int seq, int room) {
        byte[] p = new byte[12 + payload + room];
        p[0] = (byte) 0x80;
        p[1] = 96;
        setSeq(p, 0, seq);
        int ts = seq * 960;
        p[4] = (byte) (ts >>> 24);
        p[5] = (byte) (ts >>> 16);
        p[6] = (byte) (ts >>> 8);
        p[7] = (byte) ts;
        p[8] = (byte) (SSRC >>> 24);
        p[9] = (byte) (SSRC >>> 16);
        p[10] = (byte) (SSRC >>> 8);
        p[11] = (byte) SSRC;
        for (int i = 0; i < payload; i++) {
            p[12 + i] = (byte) (i * 7 + 3);
        }
        return p;
    }

    static void setSeq(byte[] p, int off, int seq) {
        p[off + 2] = (byte) (seq >>> 8);
        p[off + 3] = (byte) seq;
    }
}
