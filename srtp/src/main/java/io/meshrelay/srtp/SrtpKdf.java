package io.meshrelay.srtp;

import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * The SRTP key derivation function, AES-CM PRF with key derivation rate 0 (RFC 3711 §4.3, RFC 6188
 * §7.1 for AES-256, RFC 7714 §11 for the 96-bit GCM salt); used only while a session is created.
 */
final class SrtpKdf {
    static final int LABEL_RTP_ENCRYPTION = 0x00;
    static final int LABEL_RTP_AUTH = 0x01;
    static final int LABEL_RTP_SALT = 0x02;
    static final int LABEL_RTCP_ENCRYPTION = 0x03;
    static final int LABEL_RTCP_AUTH = 0x04;
    static final int LABEL_RTCP_SALT = 0x05;

    private final AesKeystream prf;
    /** The master salt left-aligned in 112 bits, zero-padded (RFC 7714 §11 pads the 96-bit salt). */
    private final byte[] salt112 = new byte[14];

    SrtpKdf(SrtpCryptoProvider provider, byte[] masterKey, byte[] masterSalt) throws GeneralSecurityException {
        this.prf = new AesKeystream(provider, masterKey);
        System.arraycopy(masterSalt, 0, salt112, 0, masterSalt.length);
    }

    /**
     * x = key_id XOR master_salt with key_id = label || r and r = 0 (kdr 0), so only byte 7 changes;
     * the keystream of AES-CM at IV x * 2^16 is the derived key (RFC 3711 §4.3.1, §4.3.3).
     */
    byte[] derive(int label, int length) {
        byte[] iv = new byte[16];
        System.arraycopy(salt112, 0, iv, 0, 14);
        iv[7] ^= (byte) label;
        byte[] out = new byte[length];
        prf.xor(iv, 0, out, 0, length);
        return out;
    }

    void destroy() {
        Arrays.fill(salt112, (byte) 0);
    }
}
