package io.meshrelay.relaycore.crypto;

import io.meshrelay.srtp.SrtcpPackets;
import io.meshrelay.srtp.SrtpKeyMaterial;
import io.meshrelay.srtp.SrtpSession;
import io.meshrelay.srtp.SrtpStatus;
import io.meshrelay.srtp.SrtpSuite;
import io.netty.buffer.ByteBuf;

/** SRTP/SRTCP in one direction over an {@link SrtpSession}; confined to the session's I/O thread. */
public final class SrtpMediaCrypto implements MediaCrypto {
    private final SrtpSession session;
    private final SrtpSuite suite;

    private SrtpMediaCrypto(SrtpSession session) {
        this.session = session;
        this.suite = session.suite();
    }

    /** Protects what this relay sends with {@code keys}. */
    public static SrtpMediaCrypto sender(SrtpKeyMaterial keys) {
        return new SrtpMediaCrypto(SrtpSession.sender(keys));
    }

    /** Unprotects what a participant sends with {@code keys}, with SRTP's own replay window. */
    public static SrtpMediaCrypto receiver(SrtpKeyMaterial keys) {
        return new SrtpMediaCrypto(SrtpSession.receiver(keys));
    }

    /**
     * Unprotects mesh traffic: the egress de-duplicator is the replay window (1,024 wide), so
     * packets that a make-before-break switch delays beyond SRTP's 64 are still delivered.
     */
    public static SrtpMediaCrypto meshReceiver(SrtpKeyMaterial keys) {
        return new SrtpMediaCrypto(SrtpSession.receiverWithoutReplayCheck(keys));
    }

    public SrtpSession session() {
        return session;
    }

    @Override
    public CryptoResult unprotect(ByteBuf packet, boolean rtcp) {
        return map(rtcp ? session.unprotectRtcp(packet) : session.unprotectRtp(packet));
    }

    @Override
    public CryptoResult protect(ByteBuf packet, boolean rtcp) {
        return map(rtcp ? session.protectRtcp(packet) : session.protectRtp(packet));
    }

    @Override
    public int overhead(boolean rtcp) {
        return rtcp ? suite.rtcpOverhead() : suite.rtpOverhead();
    }

    @Override
    public long srtcpIndex(ByteBuf packet) {
        return SrtcpPackets.srtcpIndex(packet, suite);
    }

    private static CryptoResult map(SrtpStatus s) {
        switch (s) {
            case OK:
                return CryptoResult.OK;
            case AUTH_FAIL:
                return CryptoResult.AUTH_FAIL;
            case REPLAY_OLD:
            case REPLAY_DUPLICATE:
                return CryptoResult.REPLAY;
            case SSRC_LIMIT:
                return CryptoResult.TOO_MANY_SSRCS;
            case KEY_EXHAUSTED:
                return CryptoResult.KEY_EXHAUSTED;
            default:
                return CryptoResult.MALFORMED;
        }
    }

    @Override
    public String toString() {
        return "srtp " + suite.name();
    }
}
