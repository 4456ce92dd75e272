package io.meshrelay.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two in-process endpoints wired back to back (no sockets): negotiation, keys, and failures. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DtlsSrtpEndpointTest {
    private static final DtlsCertificate CLIENT_CERT = DtlsCertificate.generateEcdsa();
    private static final DtlsCertificate SERVER_CERT = DtlsCertificate.generateEcdsa();
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** Connects a client and a server; returns {client, server}. */
    private DtlsSrtpEndpoint[] pair(String clientExpects, List<SrtpSuite> clientOffers, String serverExpects,
                                    List<SrtpSuite> serverOffers) {
        AtomicReference<DtlsSrtpEndpoint> clientRef = new AtomicReference<>();
        AtomicReference<DtlsSrtpEndpoint> serverRef = new AtomicReference<>();
        // the client starts sending before client() returns: a datagram for an end not yet known is
        // dropped, as the network might, and DTLS retransmits it
        DtlsSrtpEndpoint server = DtlsSrtpEndpoint.server(SERVER_CERT, serverExpects, serverOffers,
                d -> deliver(clientRef, d), executor, Duration.ofSeconds(20));
        serverRef.set(server);
        DtlsSrtpEndpoint client = DtlsSrtpEndpoint.client(CLIENT_CERT, clientExpects, clientOffers,
                d -> deliver(serverRef, d), executor, Duration.ofSeconds(20));
        clientRef.set(client);
        return new DtlsSrtpEndpoint[] {client, server};
    }

    private static void deliver(AtomicReference<DtlsSrtpEndpoint> to, byte[] d) {
        DtlsSrtpEndpoint e = to.get();
        if (e != null) {
            e.receive(d, 0, d.length);
        }
    }

    @Test
    void negotiatesTheServersPreferredCommonSuiteAndMirroredKeys() throws Exception {
        DtlsSrtpEndpoint[] ends = pair(SERVER_CERT.fingerprintSha256(),
                List.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80, SrtpSuite.AEAD_AES_128_GCM),
                CLIENT_CERT.fingerprintSha256().toLowerCase(java.util.Locale.ROOT),
                List.of(SrtpSuite.AEAD_AES_256_GCM, SrtpSuite.AEAD_AES_128_GCM, SrtpSuite.AES_CM_128_HMAC_SHA1_80));
        DtlsSrtpKeys client = ends[0].handshake().get(30, TimeUnit.SECONDS);
        DtlsSrtpKeys server = ends[1].handshake().get(30, TimeUnit.SECONDS);
        assertEquals(SrtpSuite.AEAD_AES_128_GCM, client.suite());
        assertEquals(SrtpSuite.AEAD_AES_128_GCM, server.suite());
        assertEquals(client.local(), server.remote());
        assertEquals(client.remote(), server.local());
        assertTrue(!client.local().equals(client.remote()));
        // The exported keys drive the same SRTP sessions.
        SrtpSession send = client.newSender();
        SrtpSession receive = server.newReceiver();
        byte[] p = RtpPackets.rtp(9, 0x42, 100, 16);
        assertEquals(SrtpStatus.OK, send.protectRtp(p, 0, 112));
        assertEquals(SrtpStatus.OK, receive.unprotectRtp(p, 0, 128));
        ends[0].close();
        ends[1].close();
    }

    @Test
    void failsOnFingerprintMismatchSayingWhichFingerprints() {
        DtlsCertificate other = DtlsCertificate.generateEcdsa();
        DtlsSrtpEndpoint[] ends = pair(other.fingerprintSha256(), List.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80),
                CLIENT_CERT.fingerprintSha256(), List.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80));
        ExecutionException e = assertThrows(ExecutionException.class, () -> ends[0].handshake().get(30, TimeUnit.SECONDS));
        assertInstanceOf(DtlsSrtpException.class, e.getCause());
        assertEquals("DTLS peer certificate fingerprint mismatch: expected " + other.fingerprintSha256() + ", got "
                + SERVER_CERT.fingerprintSha256(), e.getCause().getMessage());
        ExecutionException s = assertThrows(ExecutionException.class, () -> ends[1].handshake().get(30, TimeUnit.SECONDS));
        assertTrue(s.getCause().getMessage().contains("bad_certificate"), s.getCause().getMessage());
    }

    @Test
    void failsWithoutACommonProfileNamingBothLists() {
        DtlsSrtpEndpoint[] ends = pair(SERVER_CERT.fingerprintSha256(), List.of(SrtpSuite.AES_CM_128_HMAC_SHA1_32),
                CLIENT_CERT.fingerprintSha256(), List.of(SrtpSuite.AEAD_AES_256_GCM));
        ExecutionException s = assertThrows(ExecutionException.class, () -> ends[1].handshake().get(30, TimeUnit.SECONDS));
        assertEquals("no common SRTP protection profile: client offered [AES_CM_128_HMAC_SHA1_32], we support "
                + "[AEAD_AES_256_GCM]", s.getCause().getMessage());
        ExecutionException c = assertThrows(ExecutionException.class, () -> ends[0].handshake().get(30, TimeUnit.SECONDS));
        assertTrue(c.getCause().getMessage().contains("handshake_failure"), c.getCause().getMessage());
    }

    @Test
    void timesOutWhenThePeerNeverAnswers() {
        DtlsSrtpEndpoint client = DtlsSrtpEndpoint.client(CLIENT_CERT, SERVER_CERT.fingerprintSha256(),
                List.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80), d -> { }, executor, Duration.ofMillis(1500));
        ExecutionException e = assertThrows(ExecutionException.class, () -> client.handshake().get(30, TimeUnit.SECONDS));
        assertEquals("DTLS handshake timed out after 1500 ms (client)", e.getCause().getMessage());
    }

    @Test
    void rejectsMalformedFingerprintsUpFront() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DtlsSrtpEndpoint.client(
                CLIENT_CERT, "sha-256 XYZ", List.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80), d -> { }, executor));
        assertTrue(e.getMessage().contains("'sha-256 XYZ'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DtlsSrtpEndpoint.client(
                CLIENT_CERT, "md5 AB:CD", List.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80), d -> { }, executor));
        assertTrue(e.getMessage().contains("unsupported fingerprint hash 'md5'"), e.getMessage());
    }
}
