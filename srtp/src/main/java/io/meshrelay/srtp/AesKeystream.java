package io.meshrelay.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;

/**
 * AES counter-mode keystream XOR for one session key, built on an AES/ECB cipher so that a new
 * IV per packet costs no {@code Cipher.init} (which allocates); owned by one session's thread.
 *
 * <p>Counter blocks are the 16-byte IV with the counter added into its last 32 bits. SRTP's AES-CM
 * (RFC 3711 §4.1.1) leaves the low 16 bits of the IV zero and counts blocks there; GCM (NIST SP
 * 800-38D) uses a 32-bit counter: both are "IV + i" on the last word as long as a packet stays
 * under 2^16 blocks, which UDP guarantees.
 */
final class AesKeystream {
    /** Blocks per ECB call: bounds the scratch arrays at 1 KiB each. */
    private static final int CHUNK_BLOCKS = 64;

    private final Cipher ecb;
    private final byte[] counters = new byte[CHUNK_BLOCKS * 16];
    private final byte[] stream = new byte[CHUNK_BLOCKS * 16];

    AesKeystream(SrtpCryptoProvider provider, byte[] key) throws GeneralSecurityException {
        this.ecb = provider.newAesEcb(key);
    }

    /** Encrypts one 16-byte block: used for GCM's hash key H and E(K, J0). */
    void encryptBlock(byte[] in, byte[] out, int outOff) {
        try {
            ecb.update(in, 0, 16, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES block encryption failed", e);
        }
    }

    /**
     * XORs data[off, off+len) with the keystream whose first counter block is iv (16 bytes) plus
     * firstCounter in its last 32-bit word.
     */
    void xor(byte[] iv, int firstCounter, byte[] data, int off, int len) {
        int counter = firstCounter;
        int ivWord = ((iv[12] & 0xff) << 24) | ((iv[13] & 0xff) << 16) | ((iv[14] & 0xff) << 8) | (iv[15] & 0xff);
        while (len > 0) {
            int chunk = Math.min(len, CHUNK_BLOCKS * 16);
            int blocks = (chunk + 15) >>> 4;
            for (int b = 0, p = 0; b < blocks; b++, p += 16) {
                System.arraycopy(iv, 0, counters, p, 12);
                int word = ivWord + counter++;
                counters[p + 12] = (byte) (word >>> 24);
                counters[p + 13] = (byte) (word >>> 16);
                counters[p + 14] = (byte) (word >>> 8);
                counters[p + 15] = (byte) word;
            }
            try {
                ecb.update(counters, 0, blocks << 4, stream, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES keystream failed", e);
            }
            for (int i = 0; i < chunk; i++) {
                data[off + i] ^= stream[i];
            }
            off += chunk;
            len -= chunk;
        }
    }
}
