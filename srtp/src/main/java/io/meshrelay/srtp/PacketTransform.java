package io.meshrelay.srtp;

import java.security.GeneralSecurityException;

/**
 * The cryptographic transform of one SRTP or SRTCP direction with its session keys (encryption,
 * authentication, salt); no replay or index state. Owned by its session's thread; never allocates
 * per packet.
 */
abstract class PacketTransform {

    /** Builds the transform of the suite from session keys derived with the given labels. */
    static PacketTransform create(SrtpKeyMaterial keys, SrtpCryptoProvider provider, boolean rtcp)
            throws GeneralSecurityException {
        SrtpSuite suite = keys.suite();
        SrtpKdf kdf = new SrtpKdf(provider, keys.masterKeyRef(), keys.masterSaltRef());
        try {
            byte[] encKey = kdf.derive(rtcp ? SrtpKdf.LABEL_RTCP_ENCRYPTION : SrtpKdf.LABEL_RTP_ENCRYPTION,
                    suite.masterKeyLength());
            byte[] salt = kdf.derive(rtcp ? SrtpKdf.LABEL_RTCP_SALT : SrtpKdf.LABEL_RTP_SALT, suite.masterSaltLength());
            if (suite.isAead()) {
                return new AesGcmTransform(provider, encKey, salt);
            }
            byte[] authKey = kdf.derive(rtcp ? SrtpKdf.LABEL_RTCP_AUTH : SrtpKdf.LABEL_RTP_AUTH,
                    SrtpSuite.HMAC_KEY_LENGTH);
            int tagLength = rtcp ? suite.rtcpTagLength() : suite.rtpTagLength();
            return new AesCmHmacTransform(provider, encKey, salt, authKey, tagLength);
        } finally {
            kdf.destroy();
        }
    }

    /**
     * Encrypts b[off+headerLength, off+len) and writes the tag at b[off+len..].
     *
     * @param index the 48-bit SRTP packet index, ROC || SEQ
     */
    abstract void protectRtp(byte[] b, int off, int len, int headerLength, int ssrc, long index);

    /**
     * Checks the tag at b[off+len..] over b[off, off+len) and, if it matches, decrypts in place.
     *
     * @return false (buffer untouched) if the tag does not match
     */
    abstract boolean unprotectRtp(byte[] b, int off, int len, int headerLength, int ssrc, long index);

    /** Encrypts b[off+8, off+len) and appends E flag, index and tag (suite.rtcpOverhead() bytes). */
    abstract void protectRtcp(byte[] b, int off, int len, int ssrc, int index);

    /**
     * Verifies and decrypts an SRTCP packet of {@code total} bytes including index and tag.
     *
     * @param eIndex the E flag and 31-bit index as read from the packet
     * @return false (buffer untouched) if the tag does not match
     */
    abstract boolean unprotectRtcp(byte[] b, int off, int total, int ssrc, int eIndex);

    /** Where E||index sits, counted back from the end of the packet. */
    abstract int rtcpIndexFromEnd();

    static void writeInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static int readInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    /** Tag comparison in time independent of where the first difference is. */
    static boolean constantTimeEquals(byte[] a, int aOff, byte[] b, int bOff, int len) {
        int diff = 0;
        for (int i = 0; i < len; i++) {
            diff |= a[aOff + i] ^ b[bOff + i];
        }
        return diff == 0;
    }
}
