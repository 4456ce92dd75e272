package io.meshrelay.srtp;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.srtp.crypto.CipherFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the AES block cipher (and SHA-1) of the SRTP transforms come from: jitsi-srtp's cipher
 * factories. The process-wide choice is pinned once ({@link #use}, or the first {@link #active()}),
 * never re-timed at run time; any thread.
 *
 * <p>Why pinned: jitsi-srtp times its providers once at first use and may pick differently on each
 * run (FIELD-NOTES). The default order below comes from the JMH figures in docs/srtp.md: SunJCE
 * (AES-NI intrinsics, zero allocation) beat jitsi's OpenSSL JNI and BouncyCastle on this CPU.
 */
public enum SrtpCryptoProvider {
    /** The JDK's SunJCE: AES-NI/VAES intrinsics, JDK SHA-1 (SHA-NI intrinsic). */
    SUN_JCE("SunJCECipherFactory"),
    /** jitsi-srtp's JNI to the system libcrypto.so.3, where its bundled library loads. */
    OPENSSL("OpenSSLCipherFactory"),
    /** BouncyCastle's pure-Java AES and SHA-1: slowest, works everywhere. */
    BOUNCY_CASTLE("BouncyCastleCipherFactory");

    private static final Logger LOG = LoggerFactory.getLogger(SrtpCryptoProvider.class);
    /** Preference when nobody pinned one: fastest first (docs/srtp.md), BouncyCastle as the safe fallback. */
    private static final SrtpCryptoProvider[] DEFAULT_ORDER = {SUN_JCE, OPENSSL, BOUNCY_CASTLE};
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static volatile SrtpCryptoProvider active;

    private final String jitsiFactory;

    SrtpCryptoProvider(String jitsiFactory) {
        this.jitsiFactory = jitsiFactory;
    }

    /** The jitsi-srtp {@code CipherFactory} class name, as {@code Aes.setFactoryClassName} takes it. */
    public String jitsiFactoryClassName() {
        return Aes.class.getName() + "$" + jitsiFactory;
    }

    /**
     * The provider sessions use by default: the pinned one, or else the first of SunJCE, OpenSSL,
     * BouncyCastle that passes a known-answer self test. Logged once at INFO.
     */
    public static SrtpCryptoProvider active() {
        SrtpCryptoProvider chosen = active;
        if (chosen == null) {
            synchronized (SrtpCryptoProvider.class) {
                chosen = active;
                if (chosen == null) {
                    chosen = selectDefault();
                    pin(chosen, "default, fastest that works");
                }
            }
        }
        return chosen;
    }

    /**
     * Pins the process-wide provider (e.g. from node configuration at start).
     *
     * @throws IllegalStateException saying why, if this provider does not work here
     */
    /**
     * The suite that protects fastest in this JVM: AEAD_AES_128_GCM where the JDK's GHASH and
     * AES-CTR intrinsics are active (docs/srtp.md), else AES_CM_128_HMAC_SHA1_80, which our
     * pure-Java fallback runs faster. Both carry a 128/80-bit tag.
     */
    public static SrtpSuite fastestSuite() {
        boolean jdkGcm = active() == SUN_JCE && JdkGcmIntrinsics.ghashUnavailable() == null
                && JdkGcmIntrinsics.ctrUnavailable() == null;
        return jdkGcm ? SrtpSuite.AEAD_AES_128_GCM : SrtpSuite.AES_CM_128_HMAC_SHA1_80;
    }

    public static synchronized void use(SrtpCryptoProvider provider) {
        String failure = provider.selfTestFailure();
        if (failure != null) {
            throw new IllegalStateException("SRTP crypto provider " + provider + " does not work here: " + failure);
        }
        pin(provider, "configured");
    }

    /** Null if this provider's AES and SHA-1 load and pass a known-answer test, else why not. */
    public String selfTestFailure() {
        try {
            // FIPS-197 Appendix C.1 AES-128 vector.
            HexFormat hex = HexFormat.of();
            Cipher aes = newAesEcb(hex.parseHex("000102030405060708090a0b0c0d0e0f"));
            byte[] out = new byte[16];
            aes.update(hex.parseHex("00112233445566778899aabbccddeeff"), 0, 16, out, 0);
            if (!Arrays.equals(out, hex.parseHex("69c4e0d86a7b0430d8cdb78070b4c55a"))) {
                return "AES known-answer test gave " + hex.formatHex(out);
            }
            MessageDigest sha1 = newSha1();
            byte[] digest = sha1.digest("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            if (!Arrays.equals(digest, hex.parseHex("a9993e364706816aba3e25717850c26c9cd0d89d"))) {
                return "SHA-1 known-answer test gave " + hex.formatHex(digest);
            }
            return null;
        } catch (GeneralSecurityException | RuntimeException | LinkageError e) {
            return e.toString();
        }
    }

    /** An AES/ECB/NoPadding encryptor for this key; keystream blocks are made from it. */
    Cipher newAesEcb(byte[] key) throws GeneralSecurityException {
        Cipher cipher;
        try {
            cipher = factory().createCipher("AES/ECB/NoPadding");
        } catch (GeneralSecurityException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new GeneralSecurityException(this + " cannot create AES/ECB: " + e, e);
        }
        if (cipher == null) {
            throw new GeneralSecurityException(this + " has no AES/ECB");
        }
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        return cipher;
    }

    MessageDigest newSha1() throws GeneralSecurityException {
        return this == BOUNCY_CASTLE ? MessageDigest.getInstance("SHA-1", BC) : MessageDigest.getInstance("SHA-1");
    }

    private CipherFactory factory() {
        switch (this) {
            case SUN_JCE:
                return new Aes.SunJCECipherFactory();
            case OPENSSL:
                return new Aes.OpenSSLCipherFactory();
            default:
                return new Aes.BouncyCastleCipherFactory();
        }
    }

    private static SrtpCryptoProvider selectDefault() {
        StringBuilder rejected = new StringBuilder();
        for (SrtpCryptoProvider candidate : DEFAULT_ORDER) {
            String failure = candidate.selfTestFailure();
            if (failure == null) {
                if (rejected.length() > 0) {
                    LOG.warn("SRTP crypto: skipped {}", rejected);
                }
                return candidate;
            }
            rejected.append(candidate).append(" (").append(failure).append(") ");
        }
        throw new IllegalStateException("no SRTP crypto provider works here: " + rejected);
    }

    private static void pin(SrtpCryptoProvider provider, String why) {
        active = provider;
        // jitsi-srtp's own contexts (used as a reference in tests and benchmarks) must not re-time.
        Aes.setFactoryClassName(provider.jitsiFactoryClassName());
        LOG.info("SRTP crypto provider: {} ({})", provider, why);
        // Decide (and log) the AES-GCM engines here too: their one-time set-up (handles, VM flags,
        // self tests) takes tens of ms, better spent at start than on the first GCM leg.
        JdkGcmIntrinsics.ghashUnavailable();
    }
}
