package io.meshrelay.controlplane.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshrelay.controlplane.config.ConfigException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;

class MeshCertificatesTest {
    private static final MeshCa CA = MeshCa.create(Duration.ofDays(30));

    private static String rejection(NodeIdentity id, MeshCertificates.Usage usage) {
        return assertThrows(CertificateException.class,
                () -> MeshCertificates.verify(id.certificate(), CA.certificate(), usage, Instant.now())).getMessage();
    }

    @Test
    void issuedCertificateVerifiesInBothRolesAndNamesItsNode() throws Exception {
        NodeIdentity id = CA.issue("n-7", Duration.ofDays(1), List.of(), List.of());
        assertEquals("n-7", MeshCertificates.verify(id.certificate(), CA.certificate(), MeshCertificates.Usage.CLIENT,
                Instant.now()));
        assertEquals("n-7", MeshCertificates.verify(id.certificate(), CA.certificate(), MeshCertificates.Usage.SERVER,
                Instant.now()));
        assertTrue(id.certificate().getSubjectAlternativeNames().contains(List.of(6, "meshrelay:node:n-7")));
    }

    @Test
    void certificateWithoutNodeUriIsNotANodeCertificate() throws Exception {
        NodeIdentity id = PkiTesting.custom(CA, "n1", null, KeyPurposeId.id_kp_clientAuth);
        String msg = rejection(id, MeshCertificates.Usage.CLIENT);
        assertTrue(msg.contains("must carry exactly one SAN URI meshrelay:node:ID, found 0"), msg);
    }

    @Test
    void commonNameMustRepeatTheNodeId() throws Exception {
        NodeIdentity id = PkiTesting.custom(CA, "n1", "meshrelay:node:n2", KeyPurposeId.id_kp_clientAuth);
        String msg = rejection(id, MeshCertificates.Usage.CLIENT);
        assertTrue(msg.contains("CN 'n1' differs from its node id 'n2'"), msg);
    }

    @Test
    void invalidNodeIdInCertificateIsRejected() throws Exception {
        NodeIdentity id = PkiTesting.custom(CA, "-bad", "meshrelay:node:-bad", KeyPurposeId.id_kp_clientAuth);
        String msg = rejection(id, MeshCertificates.Usage.CLIENT);
        assertTrue(msg.contains("node id: '-bad' must be"), msg);
    }

    @Test
    void clientOnlyCertificateCannotServe() throws Exception {
        NodeIdentity id = PkiTesting.custom(CA, "n1", "meshrelay:node:n1", KeyPurposeId.id_kp_clientAuth);
        assertEquals("n1", MeshCertificates.verify(id.certificate(), CA.certificate(), MeshCertificates.Usage.CLIENT,
                Instant.now()));
        String msg = rejection(id, MeshCertificates.Usage.SERVER);
        assertTrue(msg.contains("may not be used as a TLS server"), msg);
    }

    @Test
    void certificateWithoutExtendedKeyUsageIsRejected() throws Exception {
        NodeIdentity id = PkiTesting.custom(CA, "n1", "meshrelay:node:n1");
        String msg = rejection(id, MeshCertificates.Usage.CLIENT);
        assertTrue(msg.contains("extended key usage missing"), msg);
    }

    @Test
    void certificateOfAnotherMeshCaIsRejected() throws Exception {
        NodeIdentity id = CA.issue("n1", Duration.ofDays(1), List.of(), List.of());
        MeshCa other = MeshCa.create(Duration.ofDays(30));
        String msg = assertThrows(CertificateException.class, () -> MeshCertificates.verify(
                id.certificate(), other.certificate(), MeshCertificates.Usage.CLIENT, Instant.now())).getMessage();
        assertTrue(msg.contains("was not issued by this mesh's CA"), msg);
    }

    @Test
    void nodeCertificateMayNotOutliveTheCa() {
        String msg = assertThrows(ConfigException.class,
                () -> CA.issue("n1", Duration.ofDays(31), List.of(), List.of())).getMessage();
        assertTrue(msg.startsWith("days: a node certificate valid until"), msg);
        assertTrue(msg.contains("would outlive the mesh CA"), msg);
    }

    @Test
    void badNodeIdAndDnsNameAreRejectedByKey() {
        assertTrue(assertThrows(ConfigException.class, () -> CA.issue("has space", Duration.ofDays(1), List.of(),
                List.of())).getMessage().startsWith("node-id: 'has space'"));
        assertTrue(assertThrows(ConfigException.class, () -> CA.issue("n1", Duration.ofDays(1), List.of(),
                List.of("bad_name.example"))).getMessage().startsWith("dns: 'bad_name.example' is not a DNS name"));
    }
}
