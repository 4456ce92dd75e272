package io.meshrelay.controlplane.pki;

import io.meshrelay.controlplane.config.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * The PEM files of the mesh PKI: their names, reading with errors that name the file, and
 * writing (keys {@code 0600}, certificates {@code 0644}, each file replaced atomically).
 * Stateless; any thread.
 */
public final class PkiFiles {
    /** The mesh CA certificate, in the CA directory and in every node's TLS directory. */
    public static final String CA_CERT = "ca.crt";
    /** The mesh CA private key; only in the CA directory, never on nodes. */
    public static final String CA_KEY = "ca.key";
    public static final String NODE_CERT = "node.crt";
    public static final String NODE_KEY = "node.key";

    static final Set<PosixFilePermission> KEY_MODE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> CERT_MODE = PosixFilePermissions.fromString("rw-r--r--");
    static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

    private PkiFiles() {
    }

    /** All certificates of a PEM file, in file order; at least one. */
    static List<X509Certificate> readCertificates(Path file) {
        List<X509Certificate> certs = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(r)) {
            Object o;
            while ((o = pem.readObject()) != null) {
                if (!(o instanceof X509CertificateHolder)) {
                    throw new ConfigException(file + ": holds a " + kind(o) + " where a PEM certificate was expected");
                }
                certs.add(converter.getCertificate((X509CertificateHolder) o));
            }
        } catch (NoSuchFileException e) {
            throw missing(file);
        } catch (AccessDeniedException e) {
            throw new ConfigException(file + ": permission denied");
        } catch (CertificateException | IOException | IllegalArgumentException e) {
            throw new ConfigException(file + ": not a valid PEM certificate (" + e.getMessage() + ")");
        }
        if (certs.isEmpty()) {
            throw new ConfigException(file + ": no PEM certificate in it (expected '-----BEGIN CERTIFICATE-----')");
        }
        return certs;
    }

    /** The one certificate of a PEM file. */
    static X509Certificate readCertificate(Path file) {
        List<X509Certificate> certs = readCertificates(file);
        if (certs.size() != 1) {
            throw new ConfigException(file + ": holds " + certs.size() + " certificates, expected exactly one");
        }
        return certs.get(0);
    }

    /** An unencrypted private key, PKCS#8 ({@code PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}). */
    static PrivateKey readPrivateKey(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(r)) {
            Object o = pem.readObject();
            if (o == null) {
                throw new ConfigException(file + ": no PEM private key in it (expected '-----BEGIN PRIVATE KEY-----')");
            }
            if (pem.readObject() != null) {
                throw new ConfigException(file + ": holds more than one PEM object, expected one private key");
            }
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PrivateKeyInfo) {
                return converter.getPrivateKey((PrivateKeyInfo) o);
            }
            if (o instanceof PEMKeyPair) {
                return converter.getKeyPair((PEMKeyPair) o).getPrivate();
            }
            if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
                throw new ConfigException(file + ": the key is encrypted; meshrelay needs an unencrypted key "
                        + "protected by file mode 0600");
            }
            throw new ConfigException(file + ": holds a " + kind(o) + " where a PEM private key was expected");
        } catch (NoSuchFileException e) {
            throw missing(file);
        } catch (AccessDeniedException e) {
            throw new ConfigException(file + ": permission denied");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(file + ": not a valid PEM private key (" + e.getMessage() + ")");
        }
    }

    /** The permissions of a file, or null where the file system has none (not POSIX). */
    static Set<PosixFilePermission> permissions(Path file) {
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            return view == null ? null : view.readAttributes().permissions();
        } catch (IOException e) {
            return null;
        }
    }

    static String certificatePem(X509Certificate... certs) {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            for (X509Certificate c : certs) {
                w.writeObject(c);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return s.toString();
    }

    static String privateKeyPem(PrivateKey key) {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(new JcaPKCS8Generator(key, null)); // PKCS#8: what openssl and Netty read by default
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return s.toString();
    }

    /**
     * Refuses to go on when any of {@code names} exists in {@code dir} and {@code force} is off,
     * so a second {@code init} never silently invalidates every certificate of a mesh.
     */
    static void refuseOverwrite(Path dir, boolean force, String what, String... names) {
        if (force) {
            return;
        }
        for (String n : names) {
            Path f = dir.resolve(n);
            if (Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
                throw new ConfigException(f + " already exists; refusing to overwrite " + what + "; use --force to replace it");
            }
        }
    }

    /** Creates {@code dir} (mode 0700 for what this creates) unless it is already a directory. */
    static void createDirectory(Path dir) {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (Files.exists(dir)) {
            throw new ConfigException(dir + ": exists and is not a directory");
        }
        try {
            Files.createDirectories(dir);
            setPermissions(dir, DIR_MODE);
        } catch (FileAlreadyExistsException e) {
            throw new ConfigException(dir + ": exists and is not a directory");
        } catch (AccessDeniedException e) {
            throw new ConfigException(dir + ": permission denied");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code text} to {@code file} with exactly {@code mode}: a temporary file in the same
     * directory, created with that mode (so a key is never readable by others, not even briefly),
     * synced, then renamed over the target so readers see the old or the new file, never half.
     */
    static void writeAtomically(Path file, String text, Set<PosixFilePermission> mode) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
            tmp = posix
                    ? Files.createTempFile(dir, "." + file.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(KEY_MODE))
                    : Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(StandardCharsets.US_ASCII.encode(text));
                ch.force(true);
            }
            if (posix) {
                Files.setPosixFilePermissions(tmp, mode); // exact, whatever the umask
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (AccessDeniedException e) {
            throw new ConfigException(dir + ": permission denied (writing " + file.getFileName() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the failure above is what the operator needs to see
                }
            }
        }
    }

    private static void setPermissions(Path p, Set<PosixFilePermission> mode) throws IOException {
        if (Files.getFileAttributeView(p, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(p, mode);
        }
    }

    private static ConfigException missing(Path file) {
        return new ConfigException(file + ": no such file");
    }

    private static String kind(Object pemObject) {
        String n = pemObject.getClass().getSimpleName();
        return n.replace("Holder", "").replace("Info", "");
    }
}
