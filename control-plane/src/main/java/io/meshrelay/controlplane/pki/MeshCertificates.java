package io.meshrelay.controlplane.pki;

import static io.meshrelay.controlplane.pki.CertificateRefusedException.Reason.CA_EXPIRED;
import static io.meshrelay.controlplane.pki.CertificateRefusedException.Reason.EXPIRED;
import static io.meshrelay.controlplane.pki.CertificateRefusedException.Reason.FOREIGN_CA;
import static io.meshrelay.controlplane.pki.CertificateRefusedException.Reason.NOT_A_NODE_CERTIFICATE;
import static io.meshrelay.controlplane.pki.CertificateRefusedException.Reason.NOT_YET_VALID;
import static io.meshrelay.controlplane.pki.CertificateRefusedException.Reason.PATH_INVALID;
import static io.meshrelay.controlplane.pki.CertificateRefusedException.Reason.WRONG_USAGE;

import io.meshrelay.controlplane.config.ConfigException;
import io.meshrelay.controlplane.config.NodeConfig;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The rules a mesh certificate must follow, shared by {@link NodeIdentity#load} and the control
 * channel's TLS trust manager: signed directly by the mesh CA (no intermediates), within its
 * dates, with the required extended key usage, and naming exactly one node id both in its
 * subject CN and in a SAN URI {@code meshrelay:node:ID}. Stateless; any thread.
 */
public final class MeshCertificates {
    /** Prefix of the SAN URI that binds a certificate to a node id (RFC 5280 §4.2.1.6). */
    public static final String NODE_URI_PREFIX = "meshrelay:node:";

    private static final int SAN_URI = 6;
    private static final String EKU_SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String EKU_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    /** The TLS role a certificate is presented in; each needs its extended key usage (RFC 5280 §4.2.1.12). */
    public enum Usage {
        CLIENT("TLS client", EKU_CLIENT_AUTH),
        SERVER("TLS server", EKU_SERVER_AUTH);

        private final String label;
        private final String oid;

        Usage(String label, String oid) {
            this.label = label;
            this.oid = oid;
        }
    }

    private MeshCertificates() {
    }

    public static String nodeUri(String nodeId) {
        return NODE_URI_PREFIX + nodeId;
    }

    /**
     * Checks {@code leaf} against the mesh CA at {@code at} for {@code usage} and returns its
     * node id; the exception message says precisely what is wrong, naming the certificate.
     */
    public static String verify(X509Certificate leaf, X509Certificate ca, Usage usage, Instant at)
            throws CertificateRefusedException {
        Date when = Date.from(at);
        String who = describe(leaf);
        checkCaDates(ca, when);
        if (!leaf.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            throw refused(FOREIGN_CA, who + " was not issued by this mesh's CA (issuer '"
                    + leaf.getIssuerX500Principal().getName() + "', mesh CA '" + ca.getSubjectX500Principal().getName() + "')");
        }
        try {
            leaf.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw refused(FOREIGN_CA, who + " names this mesh's CA as issuer but its signature does not verify "
                    + "with the CA key (a CA of the same name from another mesh?)", e);
        }
        try {
            leaf.checkValidity(when);
        } catch (CertificateExpiredException e) {
            throw refused(EXPIRED, who + " expired on " + leaf.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw refused(NOT_YET_VALID, who + " is not valid before " + leaf.getNotBefore().toInstant());
        }
        if (leaf.getBasicConstraints() >= 0) {
            throw refused(NOT_A_NODE_CERTIFICATE, who + " is a CA certificate, not a node certificate");
        }
        List<String> eku;
        try {
            eku = leaf.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw refused(WRONG_USAGE, who + " has an unreadable extended key usage", e);
        }
        if (eku == null || !eku.contains(usage.oid)) {
            throw refused(WRONG_USAGE, who + " may not be used as a " + usage.label
                    + " (extended key usage " + (eku == null ? "missing" : eku) + ")");
        }
        String nodeId = nodeIdOf(leaf);
        pkixValidate(leaf, ca, when, who);
        return nodeId;
    }

    /** The node id a certificate is bound to: its SAN URI {@code meshrelay:node:ID}, which its CN must repeat. */
    public static String nodeIdOf(X509Certificate cert) throws CertificateRefusedException {
        String who = "certificate '" + cert.getSubjectX500Principal().getName() + "'";
        List<String> ids = new ArrayList<>();
        Collection<List<?>> sans;
        try {
            sans = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw refused(NOT_A_NODE_CERTIFICATE, who + " has an unreadable subjectAltName", e);
        }
        if (sans != null) {
            for (List<?> san : sans) {
                if (((Integer) san.get(0)) == SAN_URI && ((String) san.get(1)).startsWith(NODE_URI_PREFIX)) {
                    ids.add(((String) san.get(1)).substring(NODE_URI_PREFIX.length()));
                }
            }
        }
        if (ids.size() != 1) {
            throw refused(NOT_A_NODE_CERTIFICATE, who + " must carry exactly one SAN URI " + NODE_URI_PREFIX + "ID, found "
                    + ids.size() + " (not a meshrelay node certificate?)");
        }
        String id = ids.get(0);
        try {
            NodeConfig.requireName("node id", id);
        } catch (ConfigException e) {
            throw refused(NOT_A_NODE_CERTIFICATE, who + ": " + e.getMessage());
        }
        String cn = commonName(cert);
        if (!id.equals(cn)) {
            throw refused(NOT_A_NODE_CERTIFICATE, who + ": CN '" + cn + "' differs from its node id '" + id + "'");
        }
        return id;
    }

    /** Lower-case hex SHA-256 of the DER encoding, as {@code openssl x509 -fingerprint -sha256} shows it (without colons). */
    public static String fingerprint(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void checkCaDates(X509Certificate ca, Date when) throws CertificateRefusedException {
        String who = "mesh CA '" + ca.getSubjectX500Principal().getName() + "'";
        try {
            ca.checkValidity(when);
        } catch (CertificateExpiredException e) {
            throw refused(CA_EXPIRED, who + " expired on " + ca.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw refused(CA_EXPIRED, who + " is not valid before " + ca.getNotBefore().toInstant());
        }
    }

    static String commonName(X509Certificate cert) {
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }

    private static CertificateRefusedException refused(CertificateRefusedException.Reason reason, String message) {
        return new CertificateRefusedException(reason, message);
    }

    private static CertificateRefusedException refused(CertificateRefusedException.Reason reason, String message,
            Throwable cause) {
        return new CertificateRefusedException(reason, message, cause);
    }

    private static String describe(X509Certificate leaf) {
        String cn = commonName(leaf);
        return "certificate of '" + (cn == null ? leaf.getSubjectX500Principal().getName() : cn) + "' (serial "
                + leaf.getSerialNumber().toString(16) + ")";
    }

    /**
     * The JDK's RFC 5280 path validation on top of the explicit checks above: it also rejects
     * unknown critical extensions and bad basic constraints. Revocation is off: the mesh has no
     * CRL or OCSP service; a node is removed by re-keying the mesh or by the controller's policy.
     */
    private static void pkixValidate(X509Certificate leaf, X509Certificate ca, Date when, String who)
            throws CertificateRefusedException {
        try {
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
            params.setRevocationEnabled(false);
            params.setDate(when);
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), params);
        } catch (CertPathValidatorException e) {
            throw refused(PATH_INVALID, who + " fails path validation against the mesh CA: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw refused(PATH_INVALID, who + ": cannot validate: " + e.getMessage(), e);
        }
    }
}
