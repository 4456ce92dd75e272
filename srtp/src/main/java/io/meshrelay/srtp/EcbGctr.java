package io.meshrelay.srtp;

import java.security.GeneralSecurityException;

/**
 * GCTR from counter blocks encrypted in batches with the provider's AES/ECB ({@link AesKeystream}):
 * the fallback engine, and the one used with the OpenSSL and BouncyCastle providers; owned by one
 * session's thread.
 */
final class EcbGctr extends Gctr {
    private final AesKeystream keystream;

    EcbGctr(SrtpCryptoProvider provider, byte[] key) throws GeneralSecurityException {
        this.keystream = new AesKeystream(provider, key);
    }

    @Override
    void xor(byte[] iv, int firstCounter, byte[] data, int off, int len) {
        firstCounterWord(iv, firstCounter, len);
        keystream.xor(iv, firstCounter, data, off, len);
    }
}
