package io.meshrelay.srtp;

import java.security.GeneralSecurityException;

/** Every combination of GCTR and GHASH engine, so each is tested whatever this JVM would pick. */
enum GcmEngines {
    JDK_CTR_JDK_GHASH(true, true),
    JDK_CTR_TABLE_GHASH(true, false),
    ECB_CTR_JDK_GHASH(false, true),
    ECB_CTR_TABLE_GHASH(false, false);

    private final boolean jdkCtr;
    private final boolean jdkGhash;

    GcmEngines(boolean jdkCtr, boolean jdkGhash) {
        this.jdkCtr = jdkCtr;
        this.jdkGhash = jdkGhash;
    }

    AesGcmTransform transform(byte[] key, byte[] salt) throws GeneralSecurityException {
        Gctr gctr = jdkCtr ? new JdkGctr(key) : new EcbGctr(SrtpCryptoProvider.SUN_JCE, key);
        return new AesGcmTransform(gctr, jdkGhash ? JdkGhash::new : TableGhash::new, salt);
    }
}
