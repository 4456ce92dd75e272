package io.meshrelay.srtp;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Master key and master salt of one SRTP direction for one suite; immutable (arrays copied in and
 * out), any thread.
 */
public record SrtpKeyMaterial(SrtpSuite suite, byte[] masterKey, byte[] masterSalt) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public SrtpKeyMaterial {
        if (suite == null) {
            throw new IllegalArgumentException("SRTP suite is null");
        }
        if (masterKey == null || masterKey.length != suite.masterKeyLength()) {
            throw new IllegalArgumentException(suite + " needs a " + suite.masterKeyLength()
                    + "-byte master key, got " + (masterKey == null ? "none" : masterKey.length + " bytes"));
        }
        if (masterSalt == null || masterSalt.length != suite.masterSaltLength()) {
            throw new IllegalArgumentException(suite + " needs a " + suite.masterSaltLength()
                    + "-byte master salt, got " + (masterSalt == null ? "none" : masterSalt.length + " bytes"));
        }
        masterKey = masterKey.clone();
        masterSalt = masterSalt.clone();
    }

    @Override
    public byte[] masterKey() {
        return masterKey.clone();
    }

    @Override
    public byte[] masterSalt() {
        return masterSalt.clone();
    }

    /** Fresh key and salt from a {@link SecureRandom} (RFC 4568 §6.1 asks for a strong RNG). */
    public static SrtpKeyMaterial generate(SrtpSuite suite) {
        byte[] key = new byte[suite.masterKeyLength()];
        byte[] salt = new byte[suite.masterSaltLength()];
        synchronized (RANDOM) {
            RANDOM.nextBytes(key);
            RANDOM.nextBytes(salt);
        }
        return new SrtpKeyMaterial(suite, key, salt);
    }

    /**
     * Key and salt from the base64 of key||salt (the key part of an SDES {@code inline:}).
     *
     * @throws IllegalArgumentException saying what is wrong: not base64, or the decoded length
     */
    public static SrtpKeyMaterial fromInline(SrtpSuite suite, String base64KeySalt) {
        if (base64KeySalt == null || base64KeySalt.isEmpty()) {
            throw new IllegalArgumentException("inline key||salt is empty");
        }
        byte[] keySalt;
        try {
            keySalt = Base64.getDecoder().decode(base64KeySalt);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("inline key||salt '" + base64KeySalt + "' is not base64: "
                    + e.getMessage(), e);
        }
        if (keySalt.length != suite.keySaltLength()) {
            throw new IllegalArgumentException("inline key||salt decodes to " + keySalt.length + " bytes; "
                    + suite + " needs " + suite.keySaltLength() + " (" + suite.masterKeyLength() + " key + "
                    + suite.masterSaltLength() + " salt)");
        }
        try {
            return new SrtpKeyMaterial(suite, Arrays.copyOf(keySalt, suite.masterKeyLength()),
                    Arrays.copyOfRange(keySalt, suite.masterKeyLength(), keySalt.length));
        } finally {
            Arrays.fill(keySalt, (byte) 0);
        }
    }

    /** Base64 of key||salt, as in an SDES {@code inline:} key parameter. */
    public String inlineBase64() {
        byte[] keySalt = new byte[masterKey.length + masterSalt.length];
        System.arraycopy(masterKey, 0, keySalt, 0, masterKey.length);
        System.arraycopy(masterSalt, 0, keySalt, masterKey.length, masterSalt.length);
        try {
            return Base64.getEncoder().encodeToString(keySalt);
        } finally {
            Arrays.fill(keySalt, (byte) 0);
        }
    }

    byte[] masterKeyRef() {
        return masterKey;
    }

    byte[] masterSaltRef() {
        return masterSalt;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SrtpKeyMaterial other && suite == other.suite
                && Arrays.equals(masterKey, other.masterKey) && Arrays.equals(masterSalt, other.masterSalt);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * suite.hashCode() + Arrays.hashCode(masterKey)) + Arrays.hashCode(masterSalt);
    }

    /** Never prints key bytes. */
    @Override
    public String toString() {
        return "SrtpKeyMaterial[" + suite + ", key and salt redacted]";
    }
}
