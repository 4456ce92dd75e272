package io.meshrelay.srtp;

import java.security.GeneralSecurityException;
import java.util.function.Function;

/**
 * AEAD_AES_128_GCM / AEAD_AES_256_GCM for one direction of RTP or RTCP (RFC 7714): {@link Gctr}
 * counter mode plus {@link Ghash}, 16-byte tag; owned by its session's thread. The engines are the
 * JDK's intrinsics where this JVM allows them ({@link JdkGcmIntrinsics}), else pure Java over the
 * provider's AES/ECB.
 */
final class AesGcmTransform extends PacketTransform {
    static final int TAG_LENGTH = 16;

    private final Gctr gctr;
    private final Ghash ghash;
    private final byte[] salt;
    /** 12-byte IV in the first 12 bytes; the last 4 bytes stay zero and take GCM's 32-bit counter. */
    private final byte[] iv = new byte[16];
    private final byte[] tag = new byte[TAG_LENGTH];

    AesGcmTransform(SrtpCryptoProvider provider, byte[] encKey, byte[] salt) throws GeneralSecurityException {
        this(Gctr.create(provider, encKey), null, salt);
    }

    /**
     * With a given counter-mode engine and, if {@code ghashEngine} is null, the best GHASH for this
     * JVM; otherwise {@code ghashEngine.apply(h)} (tests pin each engine this way).
     */
    AesGcmTransform(Gctr gctr, Function<byte[], Ghash> ghashEngine, byte[] salt) {
        this.gctr = gctr;
        this.salt = salt;
        // Hash key H = E(K, 0^128) (SP 800-38D §6.4): the keystream block of an all-zero counter.
        byte[] h = new byte[16];
        gctr.xor(new byte[16], 0, h, 0, 16);
        this.ghash = ghashEngine == null ? Ghash.create(h) : ghashEngine.apply(h);
    }

    /** IV = (00 00 || SSRC || ROC || SEQ) XOR salt, RFC 7714 §8.1. */
    private void rtpIv(int ssrc, long index) {
        iv[0] = salt[0];
        iv[1] = salt[1];
        iv[2] = (byte) (salt[2] ^ (ssrc >>> 24));
        iv[3] = (byte) (salt[3] ^ (ssrc >>> 16));
        iv[4] = (byte) (salt[4] ^ (ssrc >>> 8));
        iv[5] = (byte) (salt[5] ^ ssrc);
        iv[6] = (byte) (salt[6] ^ (index >>> 40));
        iv[7] = (byte) (salt[7] ^ (index >>> 32));
        iv[8] = (byte) (salt[8] ^ (index >>> 24));
        iv[9] = (byte) (salt[9] ^ (index >>> 16));
        iv[10] = (byte) (salt[10] ^ (index >>> 8));
        iv[11] = (byte) (salt[11] ^ index);
    }

    /** IV = (00 00 || SSRC || 00 00 || 0 || SRTCP index) XOR salt, RFC 7714 §9.1. */
    private void rtcpIv(int ssrc, int index) {
        index &= 0x7fffffff;
        iv[0] = salt[0];
        iv[1] = salt[1];
        iv[2] = (byte) (salt[2] ^ (ssrc >>> 24));
        iv[3] = (byte) (salt[3] ^ (ssrc >>> 16));
        iv[4] = (byte) (salt[4] ^ (ssrc >>> 8));
        iv[5] = (byte) (salt[5] ^ ssrc);
        iv[6] = salt[6];
        iv[7] = salt[7];
        iv[8] = (byte) (salt[8] ^ (index >>> 24));
        iv[9] = (byte) (salt[9] ^ (index >>> 16));
        iv[10] = (byte) (salt[10] ^ (index >>> 8));
        iv[11] = (byte) (salt[11] ^ index);
    }

    /** tag = GHASH(AAD, C) XOR E(K, J0) with J0 = IV || 0^31 || 1 (SP 800-38D §7.1). */
    private void computeTag(long aadLength, byte[] b, int textOff, int textLength) {
        ghash.update(b, textOff, textLength);
        ghash.finish(aadLength, textLength, tag, 0);
        gctr.xor(iv, 1, tag, 0, TAG_LENGTH);
    }

    @Override
    void protectRtp(byte[] b, int off, int len, int headerLength, int ssrc, long index) {
        rtpIv(ssrc, index);
        int textOff = off + headerLength;
        int textLength = len - headerLength;
        gctr.xor(iv, 2, b, textOff, textLength);
        ghash.reset();
        ghash.update(b, off, headerLength);
        ghash.pad();
        computeTag(headerLength, b, textOff, textLength);
        System.arraycopy(tag, 0, b, off + len, TAG_LENGTH);
    }

    @Override
    boolean unprotectRtp(byte[] b, int off, int len, int headerLength, int ssrc, long index) {
        rtpIv(ssrc, index);
        int textOff = off + headerLength;
        int textLength = len - headerLength;
        ghash.reset();
        ghash.update(b, off, headerLength);
        ghash.pad();
        computeTag(headerLength, b, textOff, textLength);
        if (!constantTimeEquals(tag, 0, b, off + len, TAG_LENGTH)) {
            return false;
        }
        gctr.xor(iv, 2, b, textOff, textLength);
        return true;
    }

    /** Layout (RFC 7714 §9): header(8) | ciphertext | tag(16) | E||index(4); AAD = header || E||index. */
    @Override
    void protectRtcp(byte[] b, int off, int len, int ssrc, int index) {
        rtcpIv(ssrc, index);
        int eIndexOff = off + len + TAG_LENGTH;
        writeInt(b, eIndexOff, 0x80000000 | index);
        gctr.xor(iv, 2, b, off + 8, len - 8);
        ghash.reset();
        ghash.update(b, off, 8);
        ghash.update(b, eIndexOff, 4);
        ghash.pad();
        computeTag(12, b, off + 8, len - 8);
        System.arraycopy(tag, 0, b, off + len, TAG_LENGTH);
    }

    @Override
    boolean unprotectRtcp(byte[] b, int off, int total, int ssrc, int eIndex) {
        rtcpIv(ssrc, eIndex);
        int tagOff = off + total - 4 - TAG_LENGTH;
        int eIndexOff = off + total - 4;
        ghash.reset();
        if (eIndex < 0) {
            ghash.update(b, off, 8);
            ghash.update(b, eIndexOff, 4);
            ghash.pad();
            computeTag(12, b, off + 8, tagOff - off - 8);
        } else {
            // Unencrypted SRTCP: the whole packet and E||index are AAD, the plaintext empty (RFC 7714 §9.3).
            ghash.update(b, off, tagOff - off);
            ghash.update(b, eIndexOff, 4);
            ghash.pad();
            computeTag(tagOff - off + 4L, b, tagOff, 0);
        }
        if (!constantTimeEquals(tag, 0, b, tagOff, TAG_LENGTH)) {
            return false;
        }
        if (eIndex < 0) {
            gctr.xor(iv, 2, b, off + 8, tagOff - off - 8);
        }
        return true;
    }

    @Override
    int rtcpIndexFromEnd() {
        return 4;
    }
}
