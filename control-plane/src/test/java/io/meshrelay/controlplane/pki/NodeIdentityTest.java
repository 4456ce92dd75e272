package io.meshrelay.controlplane.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshrelay.controlplane.config.ConfigException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeIdentityTest {
    private static final MeshCa CA = MeshCa.create(Duration.ofDays(30));

    @TempDir
    Path dir;

    private Path issued(String nodeId) {
        Path out = dir.resolve(nodeId);
        CA.issue(nodeId, Duration.ofDays(1), List.of(), List.of()).writeTo(out, false);
        return out;
    }

    private static String rejection(Path tlsDir) {
        return assertThrows(ConfigException.class, () -> NodeIdentity.load(tlsDir)).getMessage();
    }

    @Test
    void loadsWhatIssueWroteWithTheNodeIdFromTheCertificate() throws Exception {
        NodeIdentity issued = CA.issue("relay-fra-1", Duration.ofDays(1), List.of(InetAddress.getByName("10.1.2.3")),
                List.of("relay-fra-1.example.org"));
        issued.writeTo(dir, false);

        NodeIdentity loaded = NodeIdentity.load(dir);

        assertEquals("relay-fra-1", loaded.nodeId());
        assertEquals(issued.certificate(), loaded.certificate());
        assertEquals(CA.certificate(), loaded.caCertificate());
        assertEquals(issued.privateKey(), loaded.privateKey());
        assertEquals("relay-fra-1", MeshCertificates.nodeIdOf(loaded.certificate()));
    }

    @Test
    void missingFileIsNamed() throws IOException {
        Path tls = issued("n1");
        Files.delete(tls.resolve("node.key"));
        String msg = rejection(tls);
        assertTrue(msg.startsWith(tls.resolve("node.key") + ": no such file"), msg);
    }

    @Test
    void missingDirectoryIsNamedWithTheCommandThatMakesIt() {
        String msg = rejection(dir.resolve("absent"));
        assertTrue(msg.startsWith(dir.resolve("absent") + ": no such directory"), msg);
        assertTrue(msg.contains("meshrelay pki issue"), msg);
    }

    @Test
    void expiredCertificateIsRejectedNamingFileAndDate() {
        Instant now = Instant.now();
        CA.issue("old", now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)), List.of(), List.of())
                .writeTo(dir, false);
        String msg = rejection(dir);
        assertTrue(msg.startsWith(dir.resolve("node.crt") + ": certificate of 'old'"), msg);
        assertTrue(msg.contains("expired on"), msg);
    }

    @Test
    void notYetValidCertificateIsRejected() {
        Instant now = Instant.now();
        CA.issue("early", now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(2)), List.of(), List.of())
                .writeTo(dir, false);
        String msg = rejection(dir);
        assertTrue(msg.contains("is not valid before"), msg);
    }

    @Test
    void certificateOfAnotherMeshIsRejected() throws IOException {
        Path tls = issued("n1");
        Files.writeString(tls.resolve("ca.crt"), PkiFiles.certificatePem(MeshCa.create(Duration.ofDays(5)).certificate()));
        String msg = rejection(tls);
        assertTrue(msg.startsWith(tls.resolve("node.crt") + ":"), msg);
        assertTrue(msg.contains("was not issued by this mesh's CA"), msg);
    }

    @Test
    void keyOfAnotherCertificateIsRejected() throws IOException {
        Path a = issued("a");
        Path b = issued("b");
        Files.copy(b.resolve("node.key"), a.resolve("node.key"), StandardCopyOption.REPLACE_EXISTING);
        String msg = rejection(a);
        assertTrue(msg.startsWith(a.resolve("node.key") + ": does not match the certificate in " + a.resolve("node.crt")),
                msg);
    }

    @Test
    void garbageInsteadOfCertificateIsNamed() throws IOException {
        Path tls = issued("n1");
        Files.writeString(tls.resolve("node.crt"), "hello\n");
        String msg = rejection(tls);
        assertTrue(msg.startsWith(tls.resolve("node.crt") + ": no PEM certificate"), msg);
    }

    @Test
    void privateKeyInPlaceOfCertificateIsNamed() throws IOException {
        Path tls = issued("n1");
        Files.copy(tls.resolve("node.key"), tls.resolve("node.crt"), StandardCopyOption.REPLACE_EXISTING);
        String msg = rejection(tls);
        assertTrue(msg.startsWith(tls.resolve("node.crt") + ": holds a PrivateKey where a PEM certificate was expected"),
                msg);
    }

    @Test
    void nodeCertificateInPlaceOfCaIsRejected() throws IOException {
        Path tls = issued("n1");
        Files.copy(tls.resolve("node.crt"), tls.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
        String msg = rejection(tls);
        assertTrue(msg.startsWith(tls.resolve("ca.crt") + ": 'CN=n1,O=meshrelay' is not a CA certificate"), msg);
    }

    @Test
    void expiredCaIsRejected() {
        Instant now = Instant.now();
        MeshCa old = MeshCa.create(now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)));
        old.issue("n1", now.minus(Duration.ofDays(9)), now.plus(Duration.ofDays(1)), List.of(), List.of()).writeTo(dir, false);
        String msg = rejection(dir);
        assertTrue(msg.startsWith(dir.resolve("ca.crt") + ": mesh CA"), msg);
        assertTrue(msg.contains("expired on"), msg);
    }

    @Test
    void writtenKeyIsOwnerOnlyAndCertificatesWorldReadable() {
        Path tls = issued("n1");
        assertEquals("rw-------", PkiTesting.mode(tls.resolve("node.key")));
        assertEquals("rw-r--r--", PkiTesting.mode(tls.resolve("node.crt")));
        assertEquals("rw-r--r--", PkiTesting.mode(tls.resolve("ca.crt")));
    }

    @Test
    void writeRefusesToReplaceAKeyUnlessForced() throws IOException {
        Path tls = issued("n1");
        String before = Files.readString(tls.resolve("node.key"));
        NodeIdentity again = CA.issue("n1", Duration.ofDays(1), List.of(), List.of());

        String msg = assertThrows(ConfigException.class, () -> again.writeTo(tls, false)).getMessage();
        assertTrue(msg.contains("already exists; refusing to overwrite"), msg);
        assertEquals(before, Files.readString(tls.resolve("node.key")));

        again.writeTo(tls, true);
        assertEquals(again.certificate(), NodeIdentity.load(tls).certificate());
    }
}
