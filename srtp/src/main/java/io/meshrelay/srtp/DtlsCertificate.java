package io.meshrelay.srtp;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed ECDSA P-256 certificate and key for DTLS-SRTP (RFC 5763 §5: identity is the
 * fingerprint in SDP, not a CA); immutable, any thread. One per node or per leg.
 */
public final class DtlsCertificate {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] der;
    private final AsymmetricKeyParameter privateKey;
    private final String fingerprintSha256;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey) {
        this.der = der;
        this.privateKey = privateKey;
        this.fingerprintSha256 = fingerprint("sha-256", der);
    }

    /** A new P-256 key and a self-signed certificate valid from an hour ago for 30 days. */
    public static DtlsCertificate generateEcdsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=meshrelay");
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(64, RANDOM).add(BigInteger.ONE), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(30))), name, pair.getPublic());
            byte[] der = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()))
                    .getEncoded();
            return new DtlsCertificate(der, PrivateKeyFactory.createKey(pair.getPrivate().getEncoded()));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate an ECDSA DTLS certificate: " + e.getMessage(), e);
        }
    }

    /** The SDP {@code a=fingerprint} value, e.g. {@code sha-256 AB:CD:...} (RFC 8122 §5). */
    public String fingerprintSha256() {
        return fingerprintSha256;
    }

    /** DER encoding of the certificate. */
    public byte[] encoded() {
        return der.clone();
    }

    byte[] derRef() {
        return der;
    }

    AsymmetricKeyParameter privateKey() {
        return privateKey;
    }

    /** "hash XX:XX:..." of a DER certificate, hash being an RFC 8122 name (sha-1, sha-256, ...). */
    static String fingerprint(String hashName, byte[] der) {
        String algorithm = switch (hashName.toLowerCase(Locale.ROOT)) {
            case "sha-1" -> "SHA-1";
            case "sha-224" -> "SHA-224";
            case "sha-256" -> "SHA-256";
            case "sha-384" -> "SHA-384";
            case "sha-512" -> "SHA-512";
            default -> throw new IllegalArgumentException("unsupported fingerprint hash '" + hashName
                    + "' (supported: sha-1, sha-224, sha-256, sha-384, sha-512)");
        };
        byte[] digest;
        try {
            digest = MessageDigest.getInstance(algorithm).digest(der);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
        StringBuilder sb = new StringBuilder(hashName.toLowerCase(Locale.ROOT)).append(' ');
        for (int i = 0; i < digest.length; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(String.format("%02X", digest[i] & 0xff));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "DtlsCertificate[" + fingerprintSha256 + "]";
    }
}
