package io.meshrelay.controlplane.pki;

import io.meshrelay.controlplane.config.ConfigException;
import io.meshrelay.controlplane.config.NodeConfig;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The mesh certificate authority: an EC P-256 key and a self-signed certificate that every
 * node trusts, and the issuing of node certificates. The CA key stays on the operator's
 * machine; nodes get only {@code ca.crt}. Immutable; any thread.
 */
public final class MeshCa {
    public static final int DEFAULT_CA_DAYS = 3650;
    /** The CA/Browser Forum's former ceiling for leaf certificates; long enough to avoid churn, short enough to rotate. */
    public static final int DEFAULT_NODE_DAYS = 825;

    static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    /** Leaves start a little in the past so a node whose clock lags the CA's accepts them at once. */
    static final Duration BACKDATE = Duration.ofMinutes(5);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern DNS_NAME = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");

    private final X509Certificate certificate;
    private final PrivateKey key;

    private MeshCa(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.key = key;
    }

    /** A new CA valid from now for {@code validity}. */
    public static MeshCa create(Duration validity) {
        Instant now = Instant.now();
        return create(now.minus(BACKDATE), now.plus(validity));
    }

    /** A new CA valid over the given dates (tests make expired or future ones). */
    public static MeshCa create(Instant notBefore, Instant notAfter) {
        requireDates(notBefore, notAfter);
        KeyPair kp = newKeyPair();
        // A random tag in the name tells meshes (and their CAs in logs) apart.
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "meshrelay")
                .addRDN(BCStyle.CN, "meshrelay mesh CA " + HexFormat.of().formatHex(randomBytes(4)))
                .build();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(notBefore),
                    Date.from(notAfter), name, kp.getPublic())
                    // RFC 5280 §4.2.1.9: pathLen 0, the CA signs node certificates only.
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            return new MeshCa(sign(b, kp.getPrivate()), kp.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot build the CA certificate", e);
        }
    }

    /** Loads {@code dir/ca.crt} and {@code dir/ca.key}, checking that they belong together and the CA is valid now. */
    public static MeshCa load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(dir + ": no such directory (create a mesh CA with 'meshrelay pki init --dir "
                    + dir + "')");
        }
        Path certFile = dir.resolve(PkiFiles.CA_CERT);
        Path keyFile = dir.resolve(PkiFiles.CA_KEY);
        X509Certificate cert = PkiFiles.readCertificate(certFile);
        PrivateKey key = PkiFiles.readPrivateKey(keyFile);
        requireCa(certFile, cert);
        if (!keyMatches(key, cert.getPublicKey())) {
            throw new ConfigException(keyFile + ": does not match the certificate in " + certFile);
        }
        try {
            MeshCertificates.checkCaDates(cert, new Date());
        } catch (CertificateException e) {
            throw new ConfigException(certFile + ": " + e.getMessage());
        }
        return new MeshCa(cert, key);
    }

    /** Writes {@code dir/ca.crt} (0644) and {@code dir/ca.key} (0600); refuses to replace them unless {@code force}. */
    public void writeTo(Path dir, boolean force) {
        PkiFiles.createDirectory(dir);
        PkiFiles.refuseOverwrite(dir, force, "the mesh CA, on which every node certificate of the mesh depends",
                PkiFiles.CA_CERT, PkiFiles.CA_KEY);
        PkiFiles.writeAtomically(dir.resolve(PkiFiles.CA_KEY), PkiFiles.privateKeyPem(key), PkiFiles.KEY_MODE);
        PkiFiles.writeAtomically(dir.resolve(PkiFiles.CA_CERT), PkiFiles.certificatePem(certificate), PkiFiles.CERT_MODE);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    PrivateKey privateKey() {
        return key;
    }

    /**
     * A new key and certificate for {@code nodeId}, valid from now for {@code validity}, usable
     * as TLS client and server; {@code ips} and {@code dnsNames} become extra SAN entries.
     */
    public NodeIdentity issue(String nodeId, Duration validity, List<InetAddress> ips, List<String> dnsNames) {
        Instant now = Instant.now();
        Instant notAfter = now.plus(validity);
        if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
            throw new ConfigException("days: a node certificate valid until " + notAfter + " would outlive the mesh CA, "
                    + "which expires on " + certificate.getNotAfter().toInstant() + "; give fewer days or renew the CA");
        }
        return issue(nodeId, now.minus(BACKDATE), notAfter, ips, dnsNames);
    }

    /** As {@link #issue(String, Duration, List, List)} over explicit dates, unchecked against the CA (tests). */
    public NodeIdentity issue(String nodeId, Instant notBefore, Instant notAfter, List<InetAddress> ips,
            List<String> dnsNames) {
        NodeConfig.requireName("node-id", nodeId);
        requireDates(notBefore, notAfter);
        List<GeneralName> sans = new ArrayList<>();
        sans.add(new GeneralName(GeneralName.uniformResourceIdentifier, MeshCertificates.nodeUri(nodeId)));
        for (InetAddress ip : ips) {
            sans.add(new GeneralName(GeneralName.iPAddress, ip.getHostAddress()));
        }
        for (String dns : dnsNames) {
            sans.add(new GeneralName(GeneralName.dNSName, requireDnsName(dns)));
        }
        KeyPair kp = newKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "meshrelay")
                .addRDN(BCStyle.CN, nodeId)
                .build();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(), Date.from(notBefore),
                    Date.from(notAfter), subject, kp.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    // TLS 1.3 with ECDSA needs only digitalSignature (RFC 8446 §4.4.2.2).
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    // Every node is both a control-channel client and (as an embedded controller) a server.
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(sans.toArray(new GeneralName[0])))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            ext.createAuthorityKeyIdentifier(certificate.getPublicKey()));
            return new NodeIdentity(nodeId, kp.getPrivate(), sign(b, key), certificate);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot build the certificate of node " + nodeId, e);
        }
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is not available in this JDK", e);
        }
    }

    /** True if {@code key} signs what {@code pub} verifies: works for any key type, unlike comparing encodings. */
    static boolean keyMatches(PrivateKey key, PublicKey pub) {
        if (!key.getAlgorithm().equals(pub.getAlgorithm())) {
            return false;
        }
        String alg = "EC".equals(key.getAlgorithm()) ? SIGNATURE_ALGORITHM : "SHA256with" + key.getAlgorithm();
        try {
            byte[] challenge = randomBytes(32);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(challenge);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(pub);
            v.update(challenge);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static void requireCa(Path file, X509Certificate cert) {
        if (cert.getBasicConstraints() < 0) {
            throw new ConfigException(file + ": '" + cert.getSubjectX500Principal().getName()
                    + "' is not a CA certificate (no basicConstraints CA:true)");
        }
        if (!cert.getIssuerX500Principal().equals(cert.getSubjectX500Principal())) {
            throw new ConfigException(file + ": '" + cert.getSubjectX500Principal().getName()
                    + "' is not self-signed; the mesh CA must be a root (no intermediates)");
        }
        try {
            cert.verify(cert.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new ConfigException(file + ": the CA certificate's self-signature does not verify");
        }
    }

    static String requireDnsName(String name) {
        if (name == null || !DNS_NAME.matcher(name).matches()) {
            throw new ConfigException("dns: '" + name + "' is not a DNS name");
        }
        return name;
    }

    private static void requireDates(Instant notBefore, Instant notAfter) {
        if (!notAfter.isAfter(notBefore)) {
            throw new ConfigException("days: the certificate would end (" + notAfter + ") before it starts (" + notBefore + ")");
        }
    }

    /** RFC 5280 §4.1.2.2: positive, at most 20 octets; random so serials never collide across CA restarts. */
    private static BigInteger serial() {
        return new BigInteger(1, randomBytes(19)).setBit(0);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer) throws GeneralSecurityException {
        try {
            ContentSigner cs = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signer);
            return new JcaX509CertificateConverter().getCertificate(b.build(cs));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }
}
