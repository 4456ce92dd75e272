package io.meshrelay.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * DTLS-SRTP handshakes over real UDP on loopback against {@code openssl s_server}/{@code s_client}
 * ({@code -dtls1_2 -use_srtp}), for every suite, in both roles; our exported SRTP keys must equal
 * OpenSSL's {@code EXTRACTOR-dtls_srtp} keying material.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OpenSslDtlsSrtpIT {
    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern KEYING = Pattern.compile("Keying material: ([0-9A-Fa-f]+)");
    private static final Pattern ACCEPT = Pattern.compile("ACCEPT .*:(\\d+)");
    private static final DtlsCertificate OURS = DtlsCertificate.generateEcdsa();

    @TempDir
    static Path dir;
    private static String opensslFingerprint;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Process> processes = new ArrayList<>();
    private DatagramSocket socket;

    @BeforeAll
    static void makeOpensslCertificate() throws Exception {
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", dir.resolve("key.pem").toString(), "-out",
                dir.resolve("cert.pem").toString(), "-days", "2", "-subj", "/CN=openssl-peer")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl req failed (scripts/install-test-tools "
                + "installs openssl): " + out);
        X509Certificate cert;
        try (var in = Files.newInputStream(dir.resolve("cert.pem"))) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        opensslFingerprint = DtlsCertificate.fingerprint("sha-256", cert.getEncoded());
    }

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        if (socket != null) {
            socket.close();
        }
        executor.shutdownNow();
    }

    private static String opensslProfile(SrtpSuite suite) {
        return switch (suite) {
            case AES_CM_128_HMAC_SHA1_80 -> "SRTP_AES128_CM_SHA1_80";
            case AES_CM_128_HMAC_SHA1_32 -> "SRTP_AES128_CM_SHA1_32";
            case AEAD_AES_128_GCM -> "SRTP_AEAD_AES_128_GCM";
            case AEAD_AES_256_GCM -> "SRTP_AEAD_AES_256_GCM";
        };
    }

    private static int exportLength(SrtpSuite suite) {
        return 2 * suite.keySaltLength();
    }

    /** Starts openssl with its output lines pumped into a queue. */
    private LinkedBlockingQueue<String> start(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        processes.add(p);
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        executor.execute(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (Exception ignored) {
                // process ended
            }
        });
        return lines;
    }

    private static Matcher await(LinkedBlockingQueue<String> lines, Pattern pattern, List<String> seen)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                seen.add(line);
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
        }
        throw new AssertionError("openssl never printed " + pattern + "; output was:\n" + String.join("\n", seen));
    }

    /** Pumps datagrams from the socket into the endpoint until the socket closes. */
    private void pump(DtlsSrtpEndpoint endpoint) {
        executor.execute(() -> {
            byte[] buf = new byte[2048];
            DatagramPacket packet = new DatagramPacket(buf, buf.length);
            while (!socket.isClosed()) {
                try {
                    socket.receive(packet);
                    endpoint.receive(packet.getData(), packet.getOffset(), packet.getLength());
                } catch (Exception e) {
                    return;
                }
            }
        });
    }

    private java.util.function.Consumer<byte[]> sender(InetSocketAddress peer) {
        return d -> {
            try {
                socket.send(new DatagramPacket(d, d.length, peer));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static String expectedMaterial(DtlsSrtpKeys keys, boolean weAreClient) {
        SrtpKeyMaterial client = weAreClient ? keys.local() : keys.remote();
        SrtpKeyMaterial server = weAreClient ? keys.remote() : keys.local();
        return HEX.formatHex(client.masterKey()) + HEX.formatHex(server.masterKey())
                + HEX.formatHex(client.masterSalt()) + HEX.formatHex(server.masterSalt());
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void handshakesAsClientWithOpensslServerAndExportsTheSameKeys(SrtpSuite suite) throws Exception {
        List<String> seen = new ArrayList<>();
        LinkedBlockingQueue<String> out = start(List.of("openssl", "s_server", "-dtls1_2", "-accept", "127.0.0.1:0",
                "-cert", dir.resolve("cert.pem").toString(), "-key", dir.resolve("key.pem").toString(),
                "-use_srtp", opensslProfile(suite), "-verify", "1", "-naccept", "1",
                "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", String.valueOf(exportLength(suite))));
        int port = Integer.parseInt(await(out, ACCEPT, seen).group(1));
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        DtlsSrtpEndpoint endpoint = DtlsSrtpEndpoint.client(OURS, opensslFingerprint,
                List.of(SrtpSuite.AEAD_AES_256_GCM, suite), sender(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)),
                executor, Duration.ofSeconds(30));
        pump(endpoint);
        DtlsSrtpKeys keys = endpoint.handshake().get(60, TimeUnit.SECONDS);
        assertEquals(suite, keys.suite());
        String material = await(out, KEYING, seen).group(1).toLowerCase(java.util.Locale.ROOT);
        assertEquals(material, expectedMaterial(keys, true));
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void handshakesAsServerWithOpensslClientAndExportsTheSameKeys(SrtpSuite suite) throws Exception {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        java.util.concurrent.atomic.AtomicReference<InetSocketAddress> peer = new java.util.concurrent.atomic.AtomicReference<>();
        DtlsSrtpEndpoint[] holder = new DtlsSrtpEndpoint[1];
        DtlsSrtpEndpoint endpoint = DtlsSrtpEndpoint.server(OURS, opensslFingerprint, List.of(suite),
                d -> sender(peer.get()).accept(d), executor, Duration.ofSeconds(30));
        holder[0] = endpoint;
        executor.execute(() -> {
            byte[] buf = new byte[2048];
            DatagramPacket packet = new DatagramPacket(buf, buf.length);
            while (!socket.isClosed()) {
                try {
                    socket.receive(packet);
                    peer.compareAndSet(null, (InetSocketAddress) packet.getSocketAddress());
                    holder[0].receive(packet.getData(), packet.getOffset(), packet.getLength());
                } catch (Exception e) {
                    return;
                }
            }
        });
        List<String> seen = new ArrayList<>();
        LinkedBlockingQueue<String> out = start(List.of("openssl", "s_client", "-dtls1_2", "-connect",
                "127.0.0.1:" + socket.getLocalPort(), "-cert", dir.resolve("cert.pem").toString(), "-key",
                dir.resolve("key.pem").toString(), "-use_srtp", opensslProfile(suite), "-keymatexport",
                "EXTRACTOR-dtls_srtp", "-keymatexportlen", String.valueOf(exportLength(suite))));
        DtlsSrtpKeys keys = endpoint.handshake().get(60, TimeUnit.SECONDS);
        assertEquals(suite, keys.suite());
        String material = await(out, KEYING, seen).group(1).toLowerCase(java.util.Locale.ROOT);
        assertEquals(material, expectedMaterial(keys, false));
    }
}
