package io.meshrelay.srtp;

import java.security.GeneralSecurityException;

/**
 * GCM's counter mode (GCTR, NIST SP 800-38D §6.5) for one AES key, without {@code Cipher.init}
 * per packet; owned by one session's thread, no allocation per packet.
 *
 * <p>Engines: {@link JdkGctr} (the JDK's AES-CTR intrinsic, SunJCE only) and {@link EcbGctr}
 * (counter blocks through the provider's AES/ECB, the fallback and the only way for the other
 * providers).
 */
abstract class Gctr {

    /** The fastest engine usable in this JVM for this provider and key. */
    static Gctr create(SrtpCryptoProvider provider, byte[] key) throws GeneralSecurityException {
        if (provider == SrtpCryptoProvider.SUN_JCE && JdkGcmIntrinsics.ctrUnavailable() == null) {
            return new JdkGctr(key);
        }
        return new EcbGctr(provider, key);
    }

    /**
     * XORs data[off, off+len) with the keystream whose first counter block is iv[0..12) followed by
     * the 32-bit word iv[12..16) + firstCounter, the next one + 1, and so on. GCM uses iv[12..16) = 0
     * with counter 1 for the tag mask E(K, J0) and 2 onwards for the text (§7.1); a datagram never
     * carries the word across 2^32, so a 32-bit (inc32) and a 128-bit increment agree.
     *
     * @throws IllegalArgumentException if the counter word would wrap within this call
     */
    abstract void xor(byte[] iv, int firstCounter, byte[] data, int off, int len);

    /** The 32-bit word counter blocks start from; rejects a range that would wrap it. */
    static int firstCounterWord(byte[] iv, int firstCounter, int len) {
        int word = PacketTransform.readInt(iv, 12) + firstCounter;
        long last = Integer.toUnsignedLong(word) + ((len + 15L) >>> 4);
        if (last > 0x1_0000_0000L) {
            throw new IllegalArgumentException("GCTR counter word would wrap: start " + Integer.toUnsignedString(word)
                    + ", " + len + " bytes");
        }
        return word;
    }
}
