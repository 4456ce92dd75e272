package io.meshrelay.srtp;

import java.security.GeneralSecurityException;

/**
 * AES-CM encryption with truncated HMAC-SHA1 authentication (RFC 3711 §4.1.1, §4.2.1) for one
 * direction of RTP or RTCP; owned by its session's thread.
 */
final class AesCmHmacTransform extends PacketTransform {
    private final AesKeystream keystream;
    private final HmacSha1 hmac;
    private final byte[] salt;
    private final int tagLength;
    private final byte[] iv = new byte[16];
    private final byte[] tag = new byte[HmacSha1.DIGEST_LENGTH];

    AesCmHmacTransform(SrtpCryptoProvider provider, byte[] encKey, byte[] salt, byte[] authKey, int tagLength)
            throws GeneralSecurityException {
        this.keystream = new AesKeystream(provider, encKey);
        this.hmac = new HmacSha1(provider, authKey);
        this.salt = salt;
        this.tagLength = tagLength;
    }

    /** IV = (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16), RFC 3711 §4.1.1. */
    private void rtpIv(int ssrc, long index) {
        iv[0] = salt[0];
        iv[1] = salt[1];
        iv[2] = salt[2];
        iv[3] = salt[3];
        iv[4] = (byte) (salt[4] ^ (ssrc >>> 24));
        iv[5] = (byte) (salt[5] ^ (ssrc >>> 16));
        iv[6] = (byte) (salt[6] ^ (ssrc >>> 8));
        iv[7] = (byte) (salt[7] ^ ssrc);
        iv[8] = (byte) (salt[8] ^ (index >>> 40));
        iv[9] = (byte) (salt[9] ^ (index >>> 32));
        iv[10] = (byte) (salt[10] ^ (index >>> 24));
        iv[11] = (byte) (salt[11] ^ (index >>> 16));
        iv[12] = (byte) (salt[12] ^ (index >>> 8));
        iv[13] = (byte) (salt[13] ^ index);
        iv[14] = 0;
        iv[15] = 0;
    }

    @Override
    void protectRtp(byte[] b, int off, int len, int headerLength, int ssrc, long index) {
        rtpIv(ssrc, index);
        keystream.xor(iv, 0, b, off + headerLength, len - headerLength);
        // Authenticated portion || ROC (RFC 3711 §4.2).
        hmac.update(b, off, len);
        hmac.updateInt((int) (index >>> 16));
        hmac.finish(tag, 0);
        System.arraycopy(tag, 0, b, off + len, tagLength);
    }

    @Override
    boolean unprotectRtp(byte[] b, int off, int len, int headerLength, int ssrc, long index) {
        hmac.update(b, off, len);
        hmac.updateInt((int) (index >>> 16));
        hmac.finish(tag, 0);
        if (!constantTimeEquals(tag, 0, b, off + len, tagLength)) {
            return false;
        }
        rtpIv(ssrc, index);
        keystream.xor(iv, 0, b, off + headerLength, len - headerLength);
        return true;
    }

    /** SRTCP IV: as SRTP with the 31-bit SRTCP index in place of the 48-bit index (RFC 3711 §4.1.1). */
    private void rtcpIv(int ssrc, int index) {
        rtpIv(ssrc, index & 0x7fffffffL);
    }

    @Override
    void protectRtcp(byte[] b, int off, int len, int ssrc, int index) {
        rtcpIv(ssrc, index);
        keystream.xor(iv, 0, b, off + 8, len - 8);
        writeInt(b, off + len, 0x80000000 | index);
        hmac.update(b, off, len + 4);
        hmac.finish(tag, 0);
        System.arraycopy(tag, 0, b, off + len + 4, tagLength);
    }

    @Override
    boolean unprotectRtcp(byte[] b, int off, int total, int ssrc, int eIndex) {
        int authenticated = total - tagLength;
        hmac.update(b, off, authenticated);
        hmac.finish(tag, 0);
        if (!constantTimeEquals(tag, 0, b, off + authenticated, tagLength)) {
            return false;
        }
        if (eIndex < 0) {
            rtcpIv(ssrc, eIndex);
            keystream.xor(iv, 0, b, off + 8, authenticated - 4 - 8);
        }
        return true;
    }

    @Override
    int rtcpIndexFromEnd() {
        return tagLength + 4;
    }
}
