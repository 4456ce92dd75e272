package io.meshrelay.controlplane.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Test-only certificate shapes that {@link MeshCa} never issues, and file-mode helpers. */
public final class PkiTesting {
    private PkiTesting() {
    }

    public static String mode(Path file) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An identity signed by {@code ca}: subject CN {@code cn}, an optional SAN URI, the given EKUs (none: no EKU extension). */
    public static NodeIdentity custom(MeshCa ca, String cn, String sanUri, KeyPurposeId... eku)
            throws Exception {
        KeyPair kp = MeshCa.newKeyPair();
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca.certificate(), BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofMinutes(1))), Date.from(now.plus(Duration.ofDays(1))),
                new X500Name("CN=" + cn), kp.getPublic());
        if (sanUri != null) {
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, sanUri)));
        }
        if (eku.length > 0) {
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(eku));
        }
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder(MeshCa.SIGNATURE_ALGORITHM).build(ca.privateKey())));
        return new NodeIdentity(cn, kp.getPrivate(), cert, ca.certificate());
    }

    /** {@code id}'s key and certificate, trusting {@code ca} instead of its own CA: a node of one mesh aimed at another. */
    public static NodeIdentity trusting(NodeIdentity id, X509Certificate ca) {
        return new NodeIdentity(id.nodeId(), id.privateKey(), id.certificate(), ca);
    }
}
