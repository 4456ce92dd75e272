package io.meshrelay.controlplane.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshrelay.controlplane.config.ConfigException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeshCaTest {
    @TempDir
    Path dir;

    @Test
    void writtenCaLoadsBackAndIssuesCertificatesThatChainToIt() throws Exception {
        MeshCa ca = MeshCa.create(Duration.ofDays(10));
        ca.writeTo(dir, false);

        MeshCa loaded = MeshCa.load(dir);
        NodeIdentity n = loaded.issue("n1", Duration.ofDays(1), List.of(), List.of());

        assertEquals(ca.certificate(), loaded.certificate());
        n.certificate().verify(ca.certificate().getPublicKey());
        assertEquals(0, ca.certificate().getBasicConstraints(), "pathLen 0: signs node certificates only");
        assertEquals("rw-------", PkiTesting.mode(dir.resolve("ca.key")));
        assertEquals("rw-r--r--", PkiTesting.mode(dir.resolve("ca.crt")));
    }

    @Test
    void twoCasHaveDifferentNames() {
        assertNotEquals(MeshCa.create(Duration.ofDays(1)).certificate().getSubjectX500Principal(),
                MeshCa.create(Duration.ofDays(1)).certificate().getSubjectX500Principal());
    }

    @Test
    void secondInitRefusesToReplaceTheCaUnlessForced() throws IOException {
        MeshCa first = MeshCa.create(Duration.ofDays(10));
        first.writeTo(dir, false);
        MeshCa second = MeshCa.create(Duration.ofDays(10));

        String msg = assertThrows(ConfigException.class, () -> second.writeTo(dir, false)).getMessage();
        assertTrue(msg.startsWith(dir.resolve("ca.crt") + " already exists; refusing to overwrite the mesh CA"), msg);
        assertEquals(first.certificate(), MeshCa.load(dir).certificate());

        second.writeTo(dir, true);
        assertEquals(second.certificate(), MeshCa.load(dir).certificate());
    }

    @Test
    void caKeyOfAnotherCaIsRejected() throws IOException {
        MeshCa.create(Duration.ofDays(10)).writeTo(dir, false);
        Path other = dir.resolve("other");
        MeshCa.create(Duration.ofDays(10)).writeTo(other, false);
        Files.copy(other.resolve("ca.key"), dir.resolve("ca.key"), StandardCopyOption.REPLACE_EXISTING);

        String msg = assertThrows(ConfigException.class, () -> MeshCa.load(dir)).getMessage();
        assertEquals(dir.resolve("ca.key") + ": does not match the certificate in " + dir.resolve("ca.crt"), msg);
    }

    @Test
    void encryptedKeyIsRefusedWithAReason() throws Exception {
        MeshCa ca = MeshCa.create(Duration.ofDays(10));
        ca.writeTo(dir, false);
        OutputEncryptor enc = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                .setProvider(new BouncyCastleProvider()).setPassword("secret".toCharArray()).build();
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
            w.writeObject(new JcaPKCS8Generator(ca.privateKey(), enc));
        }
        Files.writeString(dir.resolve("ca.key"), pem.toString());

        String msg = assertThrows(ConfigException.class, () -> MeshCa.load(dir)).getMessage();
        assertTrue(msg.startsWith(dir.resolve("ca.key") + ": the key is encrypted"), msg);
    }
}
