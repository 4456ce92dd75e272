package io.meshrelay.srtp;

/**
 * The SRTP crypto suites meshrelay speaks, by their SDES names (RFC 4568 §6.2, RFC 7714 §14.2);
 * immutable, any thread.
 */
public enum SrtpSuite {
    /** RFC 3711 default: AES-128 counter mode, 80-bit HMAC-SHA1 tag on SRTP and SRTCP. */
    AES_CM_128_HMAC_SHA1_80(16, 14, false, 10, 10, 0x0001),
    /** As _80 but a 32-bit SRTP tag; SRTCP keeps the 80-bit tag (RFC 4568 §6.2.2, RFC 5764 §4.1.2). */
    AES_CM_128_HMAC_SHA1_32(16, 14, false, 4, 10, 0x0002),
    /** RFC 7714: AES-128-GCM, 16-byte tag, 96-bit salt. */
    AEAD_AES_128_GCM(16, 12, true, 16, 16, 0x0007),
    /** RFC 7714: AES-256-GCM, 16-byte tag, 96-bit salt. */
    AEAD_AES_256_GCM(32, 12, true, 16, 16, 0x0008);

    /** SHA-1 HMAC session authentication key length (RFC 3711 §8.2: n_a = 160). */
    static final int HMAC_KEY_LENGTH = 20;
    /** E flag plus 31-bit SRTCP index (RFC 3711 §3.4). */
    static final int SRTCP_INDEX_LENGTH = 4;

    private final int masterKeyLength;
    private final int masterSaltLength;
    private final boolean aead;
    private final int rtpTagLength;
    private final int rtcpTagLength;
    private final int dtlsProfile;

    SrtpSuite(int masterKeyLength, int masterSaltLength, boolean aead, int rtpTagLength, int rtcpTagLength,
              int dtlsProfile) {
        this.masterKeyLength = masterKeyLength;
        this.masterSaltLength = masterSaltLength;
        this.aead = aead;
        this.rtpTagLength = rtpTagLength;
        this.rtcpTagLength = rtcpTagLength;
        this.dtlsProfile = dtlsProfile;
    }

    public int masterKeyLength() {
        return masterKeyLength;
    }

    public int masterSaltLength() {
        return masterSaltLength;
    }

    /** Bytes {@code protectRtp} appends: the authentication tag (HMAC) or the GCM tag. */
    public int rtpOverhead() {
        return rtpTagLength;
    }

    /** Bytes {@code protectRtcp} appends: the E flag and SRTCP index plus the tag. */
    public int rtcpOverhead() {
        return SRTCP_INDEX_LENGTH + rtcpTagLength;
    }

    /** True for the RFC 7714 AEAD suites. */
    public boolean isAead() {
        return aead;
    }

    int rtpTagLength() {
        return rtpTagLength;
    }

    int rtcpTagLength() {
        return rtcpTagLength;
    }

    /** The DTLS-SRTP protection profile id (RFC 5764 §4.1.2, RFC 7714 §14.2). */
    public int dtlsProfile() {
        return dtlsProfile;
    }

    /** Length of master key plus master salt, as carried in SDES {@code inline:}. */
    public int keySaltLength() {
        return masterKeyLength + masterSaltLength;
    }

    /**
     * The suite with this SDES name (exact, case-sensitive as RFC 4568 registers it).
     *
     * @throws IllegalArgumentException naming the unknown suite
     */
    public static SrtpSuite fromName(String sdesName) {
        if (sdesName != null) {
            for (SrtpSuite suite : values()) {
                if (suite.name().equals(sdesName)) {
                    return suite;
                }
            }
        }
        throw new IllegalArgumentException("unsupported SRTP crypto suite '" + sdesName
                + "' (supported: AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32, AEAD_AES_128_GCM, AEAD_AES_256_GCM)");
    }

    /** The suite for a DTLS-SRTP protection profile id, or null if we do not support it. */
    public static SrtpSuite fromDtlsProfile(int profile) {
        for (SrtpSuite suite : values()) {
            if (suite.dtlsProfile == profile) {
                return suite;
            }
        }
        return null;
    }
}
