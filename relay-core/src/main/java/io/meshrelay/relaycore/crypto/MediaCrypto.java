package io.meshrelay.relaycore.crypto;

import io.netty.buffer.ByteBuf;

/**
 * One direction of a leg's (or a session's mesh) media protection, applied in place to the
 * readable bytes of a buffer: SRTP/SRTCP, or nothing for plain RTP. Confined to the owning
 * session's I/O thread; expected failures are results, never exceptions.
 */
public interface MediaCrypto {
    /** Verifies and decrypts; the buffer's writer index moves back over the tag. */
    CryptoResult unprotect(ByteBuf packet, boolean rtcp);

    /** Encrypts and appends the tag; the caller leaves {@link #overhead(boolean)} writable bytes. */
    CryptoResult protect(ByteBuf packet, boolean rtcp);

    /** Bytes {@link #protect} appends. */
    int overhead(boolean rtcp);

    /**
     * The SRTCP index of a protected RTCP packet (RFC 3711 §3.4), which de-duplicates RTCP on
     * the egress; -1 where there is none (plain RTCP).
     */
    default long srtcpIndex(ByteBuf packet) {
        return -1;
    }

    /** True for plain RTP: bytes pass unchanged, so fan-out may share one buffer. */
    default boolean isIdentity() {
        return false;
    }

    /** Plain RTP/RTCP. */
    MediaCrypto PLAIN = new MediaCrypto() {
        @Override
        public CryptoResult unprotect(ByteBuf packet, boolean rtcp) {
            return CryptoResult.OK;
        }

        @Override
        public CryptoResult protect(ByteBuf packet, boolean rtcp) {
            return CryptoResult.OK;
        }

        @Override
        public int overhead(boolean rtcp) {
            return 0;
        }

        @Override
        public boolean isIdentity() {
            return true;
        }

        @Override
        public String toString() {
            return "plain";
        }
    };

    /** A DTLS-SRTP leg before its handshake: no media either way. */
    MediaCrypto AWAITING_KEYS = new MediaCrypto() {
        @Override
        public CryptoResult unprotect(ByteBuf packet, boolean rtcp) {
            return CryptoResult.NO_KEYS;
        }

        @Override
        public CryptoResult protect(ByteBuf packet, boolean rtcp) {
            return CryptoResult.NO_KEYS;
        }

        @Override
        public int overhead(boolean rtcp) {
            return 0;
        }

        @Override
        public String toString() {
            return "awaiting-keys";
        }
    };
}
