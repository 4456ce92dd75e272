package io.meshrelay.srtp;

import java.security.DigestException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * HMAC-SHA1 (RFC 2104) over a {@link MessageDigest} writing into caller arrays, because
 * {@code javax.crypto.Mac.doFinal} allocates per call; owned by one session's thread.
 */
final class HmacSha1 {
    static final int DIGEST_LENGTH = 20;
    private static final int BLOCK = 64;

    private final MessageDigest sha1;
    private final byte[] innerPad = new byte[BLOCK];
    private final byte[] outerPad = new byte[BLOCK];
    private final byte[] inner = new byte[DIGEST_LENGTH];

    HmacSha1(SrtpCryptoProvider provider, byte[] key) throws GeneralSecurityException {
        if (key.length > BLOCK) {
            throw new IllegalArgumentException("HMAC key longer than one SHA-1 block");
        }
        sha1 = provider.newSha1();
        for (int i = 0; i < BLOCK; i++) {
            byte k = i < key.length ? key[i] : 0;
            innerPad[i] = (byte) (k ^ 0x36);
            outerPad[i] = (byte) (k ^ 0x5c);
        }
        sha1.update(innerPad);
    }

    void update(byte[] data, int off, int len) {
        sha1.update(data, off, len);
    }

    void updateInt(int value) {
        sha1.update((byte) (value >>> 24));
        sha1.update((byte) (value >>> 16));
        sha1.update((byte) (value >>> 8));
        sha1.update((byte) value);
    }

    /** Writes the 20-byte MAC to out[outOff..] and starts the next message. */
    void finish(byte[] out, int outOff) {
        try {
            sha1.digest(inner, 0, DIGEST_LENGTH);
            sha1.update(outerPad);
            sha1.update(inner);
            sha1.digest(out, outOff, DIGEST_LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-1 digest failed", e);
        }
        sha1.update(innerPad);
    }

    void destroy() {
        Arrays.fill(innerPad, (byte) 0);
        Arrays.fill(outerPad, (byte) 0);
        sha1.reset();
    }
}
