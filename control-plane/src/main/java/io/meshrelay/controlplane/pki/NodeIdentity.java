package io.meshrelay.controlplane.pki;

import io.meshrelay.controlplane.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who this node is in the mesh: its node id, private key and certificate, and the mesh CA it
 * trusts, as found in a TLS directory ({@code node.crt}, {@code node.key}, {@code ca.crt}).
 * Immutable; any thread.
 */
public final class NodeIdentity {
    private static final Logger LOG = LoggerFactory.getLogger(NodeIdentity.class);

    private final String nodeId;
    private final PrivateKey privateKey;
    private final X509Certificate certificate;
    private final X509Certificate caCertificate;

    NodeIdentity(String nodeId, PrivateKey privateKey, X509Certificate certificate, X509Certificate caCertificate) {
        this.nodeId = nodeId;
        this.privateKey = privateKey;
        this.certificate = certificate;
        this.caCertificate = caCertificate;
    }

    /** Loads and checks {@code tlsDir} now; see {@link #load(Path, Instant)}. */
    public static NodeIdentity load(Path tlsDir) {
        return load(tlsDir, Instant.now());
    }

    /**
     * Loads the three files of {@code tlsDir} and checks them as of {@code at}: the CA is a
     * self-signed CA within its dates, the node certificate is signed by it, within its dates,
     * usable as TLS client and server and bound to a valid node id, and the key matches it.
     *
     * @throws ConfigException naming the file at fault and what is wrong with it
     */
    public static NodeIdentity load(Path tlsDir, Instant at) {
        if (!Files.isDirectory(tlsDir)) {
            throw new ConfigException(tlsDir + ": no such directory (write one with 'meshrelay pki issue --dir CA_DIR "
                    + "--node-id ID --out " + tlsDir + "')");
        }
        Path caFile = tlsDir.resolve(PkiFiles.CA_CERT);
        Path certFile = tlsDir.resolve(PkiFiles.NODE_CERT);
        Path keyFile = tlsDir.resolve(PkiFiles.NODE_KEY);
        for (Path f : new Path[] {caFile, certFile, keyFile}) {
            if (!Files.exists(f)) {
                throw new ConfigException(f + ": no such file (a TLS directory holds " + PkiFiles.NODE_CERT + ", "
                        + PkiFiles.NODE_KEY + " and " + PkiFiles.CA_CERT + ", as written by 'meshrelay pki issue')");
            }
        }
        X509Certificate ca = PkiFiles.readCertificate(caFile);
        MeshCa.requireCa(caFile, ca);
        try {
            MeshCertificates.checkCaDates(ca, Date.from(at));
        } catch (CertificateException e) {
            throw new ConfigException(caFile + ": " + e.getMessage());
        }
        X509Certificate cert = PkiFiles.readCertificate(certFile);
        String nodeId;
        try {
            // A node presents its certificate in both roles: to the controller and, embedded, as one.
            nodeId = MeshCertificates.verify(cert, ca, MeshCertificates.Usage.CLIENT, at);
            MeshCertificates.verify(cert, ca, MeshCertificates.Usage.SERVER, at);
        } catch (CertificateException e) {
            throw new ConfigException(certFile + ": " + e.getMessage() + " (checked against " + caFile + ")");
        }
        PrivateKey key = PkiFiles.readPrivateKey(keyFile);
        if (!MeshCa.keyMatches(key, cert.getPublicKey())) {
            throw new ConfigException(keyFile + ": does not match the certificate in " + certFile
                    + " (files from different 'pki issue' runs?)");
        }
        Set<PosixFilePermission> mode = PkiFiles.permissions(keyFile);
        if (mode != null && (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ))) {
            // Warn, not refuse: container secret mounts are often group-readable by design.
            LOG.warn("{} is readable by group or others ({}); chmod 600 it", keyFile,
                    PosixFilePermissions.toString(mode));
        }
        return new NodeIdentity(nodeId, key, cert, ca);
    }

    /**
     * Writes {@code dir/node.key} (0600), {@code dir/node.crt} and {@code dir/ca.crt} (0644);
     * refuses to replace a key or certificate unless {@code force}.
     */
    public void writeTo(Path dir, boolean force) {
        PkiFiles.createDirectory(dir);
        PkiFiles.refuseOverwrite(dir, force, "this node's key and certificate", PkiFiles.NODE_KEY, PkiFiles.NODE_CERT);
        PkiFiles.writeAtomically(dir.resolve(PkiFiles.NODE_KEY), PkiFiles.privateKeyPem(privateKey), PkiFiles.KEY_MODE);
        PkiFiles.writeAtomically(dir.resolve(PkiFiles.NODE_CERT), PkiFiles.certificatePem(certificate), PkiFiles.CERT_MODE);
        PkiFiles.writeAtomically(dir.resolve(PkiFiles.CA_CERT), PkiFiles.certificatePem(caCertificate), PkiFiles.CERT_MODE);
    }

    public String nodeId() {
        return nodeId;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public X509Certificate caCertificate() {
        return caCertificate;
    }

    @Override
    public String toString() {
        return "NodeIdentity[" + nodeId + ", serial " + certificate.getSerialNumber().toString(16) + ", valid until "
                + certificate.getNotAfter().toInstant() + "]";
    }
}
