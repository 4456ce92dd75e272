package io.meshrelay.srtp;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Vector;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsTimeoutException;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A DTLS-SRTP endpoint (RFC 5763/5764) over BouncyCastle's DTLS 1.2, non-blocking for the data
 * plane: the I/O thread hands datagrams to {@link #receive} (never blocks) and gets ours through
 * {@code sendToPeer}; BouncyCastle's blocking handshake runs on {@code handshakeExecutor}, holding one
 * of its threads for the handshake and a short linger after it (to answer a retransmitted last
 * flight). The result, or a precise failure, completes {@link #handshake()}.
 */
public final class DtlsSrtpEndpoint implements AutoCloseable {
    /** Whole-handshake limit; BouncyCastle retransmits flights from 1 s doubling up to 60 s (RFC 6347 §4.2.4.1). */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(15);
    /** After completing, keep answering retransmissions of our last flight this long. */
    static final int LINGER_MS = 3000;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** RFC 5763 §5 needs ECDSA certificates here, so only ECDHE_ECDSA suites (FIELD-NOTES). */
    private static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    };

    private final boolean client;
    private final DtlsCertificate local;
    private final String expectedPeerFingerprint;
    private final List<SrtpSuite> offered;
    private final int timeoutMs;
    private final DtlsQueueTransport transport;
    private final CompletableFuture<DtlsSrtpKeys> result = new CompletableFuture<>();
    private final BcTlsCrypto crypto = new BcTlsCrypto(RANDOM);
    /** Set by the peer callbacks just before they abort, so the future says why. */
    private volatile String failure;
    private volatile DTLSTransport dtls;
    private volatile boolean closed;

    private DtlsSrtpEndpoint(boolean client, DtlsCertificate local, String expectedPeerFingerprint,
                             List<SrtpSuite> offered, Consumer<byte[]> sendToPeer, Duration timeout) {
        if (offered == null || offered.isEmpty()) {
            throw new IllegalArgumentException("offer at least one SRTP suite");
        }
        this.client = client;
        this.local = local;
        this.expectedPeerFingerprint = normalizeFingerprint(expectedPeerFingerprint);
        this.offered = List.copyOf(offered);
        this.timeoutMs = Math.toIntExact(timeout.toMillis());
        this.transport = new DtlsQueueTransport(sendToPeer);
    }

    /** We act as DTLS client (SDP {@code a=setup:active}): the handshake starts at once. */
    public static DtlsSrtpEndpoint client(DtlsCertificate local, String expectedPeerFingerprint, List<SrtpSuite> offered,
                                          Consumer<byte[]> sendToPeer, Executor handshakeExecutor) {
        return client(local, expectedPeerFingerprint, offered, sendToPeer, handshakeExecutor, DEFAULT_HANDSHAKE_TIMEOUT);
    }

    public static DtlsSrtpEndpoint client(DtlsCertificate local, String expectedPeerFingerprint, List<SrtpSuite> offered,
                                          Consumer<byte[]> sendToPeer, Executor handshakeExecutor, Duration timeout) {
        return start(new DtlsSrtpEndpoint(true, local, expectedPeerFingerprint, offered, sendToPeer, timeout),
                handshakeExecutor);
    }

    /** We act as DTLS server (SDP {@code a=setup:passive}): waits for the peer's ClientHello. */
    public static DtlsSrtpEndpoint server(DtlsCertificate local, String expectedPeerFingerprint, List<SrtpSuite> offered,
                                          Consumer<byte[]> sendToPeer, Executor handshakeExecutor) {
        return server(local, expectedPeerFingerprint, offered, sendToPeer, handshakeExecutor, DEFAULT_HANDSHAKE_TIMEOUT);
    }

    public static DtlsSrtpEndpoint server(DtlsCertificate local, String expectedPeerFingerprint, List<SrtpSuite> offered,
                                          Consumer<byte[]> sendToPeer, Executor handshakeExecutor, Duration timeout) {
        return start(new DtlsSrtpEndpoint(false, local, expectedPeerFingerprint, offered, sendToPeer, timeout),
                handshakeExecutor);
    }

    private static DtlsSrtpEndpoint start(DtlsSrtpEndpoint endpoint, Executor executor) {
        try {
            executor.execute(endpoint::run);
        } catch (RejectedExecutionException e) {
            endpoint.result.completeExceptionally(new DtlsSrtpException("DTLS handshake executor rejected the handshake", e));
        }
        return endpoint;
    }

    /** A DTLS datagram from the peer (first byte 20..63, RFC 7983); from the I/O thread, never blocks. */
    public void receive(byte[] datagram, int off, int len) {
        transport.offer(datagram, off, len);
    }

    /** Completes with the keys, or fails with a {@link DtlsSrtpException} saying why. */
    public CompletableFuture<DtlsSrtpKeys> handshake() {
        return result;
    }

    /** Datagrams dropped because the queue was full or the endpoint closed. */
    public long droppedDatagrams() {
        return transport.dropped();
    }

    public boolean isClient() {
        return client;
    }

    /** Stops the handshake (failing the future if still pending) and closes DTLS. */
    @Override
    public void close() {
        closed = true;
        fail("DTLS endpoint closed before the handshake completed", null);
        DTLSTransport t = dtls;
        if (t != null) {
            try {
                t.close();
            } catch (IOException ignored) {
                // closing: the peer learns from ICE/RTP timeouts instead
            }
        }
        transport.close();
    }

    private void run() {
        try {
            DTLSTransport t;
            if (client) {
                t = new DTLSClientProtocol().connect(new Client(), transport);
            } else {
                t = new DTLSServerProtocol().accept(new Server(), transport);
            }
            dtls = t;
            linger(t);
        } catch (Exception e) {
            fail(describe(e), e);
            transport.close();
        }
    }

    /** Reads on so that BouncyCastle re-sends our last flight if the peer retransmits its own. */
    private void linger(DTLSTransport t) {
        byte[] buf = new byte[2048];
        long end = System.nanoTime() + LINGER_MS * 1_000_000L;
        try {
            long left;
            while (!closed && (left = (end - System.nanoTime()) / 1_000_000L) > 0) {
                t.receive(buf, 0, buf.length, (int) Math.min(left, 500));
            }
        } catch (IOException e) {
            // the peer closed or went away after the handshake: nothing to do
        }
    }

    private String describe(Exception e) {
        String reason = failure;
        if (reason != null) {
            return reason;
        }
        if (e instanceof TlsTimeoutException) {
            return "DTLS handshake timed out after " + timeoutMs + " ms (" + role() + ")";
        }
        if (e instanceof TlsFatalAlertReceived alert) {
            return "DTLS peer aborted the handshake with alert " + AlertDescription.getText(alert.getAlertDescription());
        }
        if (e instanceof TlsFatalAlert alert) {
            return "DTLS handshake failed (" + role() + "): " + AlertDescription.getText(alert.getAlertDescription())
                    + (alert.getMessage() != null ? " - " + alert.getMessage() : "");
        }
        return "DTLS handshake failed (" + role() + "): " + e;
    }

    private String role() {
        return client ? "client" : "server";
    }

    private void fail(String message, Throwable cause) {
        result.completeExceptionally(new DtlsSrtpException(message, cause));
    }

    private TlsFatalAlert abort(short alert, String why) {
        if (failure == null) {
            failure = why;
        }
        return new TlsFatalAlert(alert, why);
    }

    private void checkPeer(Certificate chain) throws IOException {
        if (chain == null || chain.isEmpty()) {
            throw abort(AlertDescription.bad_certificate, "DTLS peer sent no certificate; RFC 5763 needs one to match "
                    + "the fingerprint " + expectedPeerFingerprint);
        }
        String hash = expectedPeerFingerprint.substring(0, expectedPeerFingerprint.indexOf(' '));
        String actual = DtlsCertificate.fingerprint(hash, chain.getCertificateAt(0).getEncoded());
        if (!actual.equals(expectedPeerFingerprint)) {
            throw abort(AlertDescription.bad_certificate, "DTLS peer certificate fingerprint mismatch: expected "
                    + expectedPeerFingerprint + ", got " + actual);
        }
    }

    private TlsCredentialedSigner signer(TlsContext context) throws IOException {
        Certificate chain = new Certificate(new org.bouncycastle.tls.crypto.TlsCertificate[] {
            crypto.createCertificate(local.derRef())});
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, local.privateKey(), chain,
                SignatureAndHashAlgorithm.getInstance(org.bouncycastle.tls.HashAlgorithm.sha256,
                        org.bouncycastle.tls.SignatureAlgorithm.ecdsa));
    }

    private int[] offeredProfiles() {
        int[] profiles = new int[offered.size()];
        for (int i = 0; i < profiles.length; i++) {
            profiles[i] = offered.get(i).dtlsProfile();
        }
        return profiles;
    }

    /** RFC 5764 §4.2: client_write_key | server_write_key | client_write_salt | server_write_salt. */
    private void complete(TlsContext context, SrtpSuite suite) {
        int keyLength = suite.masterKeyLength();
        int saltLength = suite.masterSaltLength();
        byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, 2 * (keyLength + saltLength));
        try {
            SrtpKeyMaterial clientKeys = new SrtpKeyMaterial(suite, Arrays.copyOfRange(material, 0, keyLength),
                    Arrays.copyOfRange(material, 2 * keyLength, 2 * keyLength + saltLength));
            SrtpKeyMaterial serverKeys = new SrtpKeyMaterial(suite, Arrays.copyOfRange(material, keyLength, 2 * keyLength),
                    Arrays.copyOfRange(material, 2 * keyLength + saltLength, material.length));
            result.complete(client ? new DtlsSrtpKeys(suite, clientKeys, serverKeys)
                    : new DtlsSrtpKeys(suite, serverKeys, clientKeys));
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    private static String normalizeFingerprint(String fingerprint) {
        if (fingerprint == null) {
            throw new IllegalArgumentException("expected peer fingerprint is missing");
        }
        String[] parts = fingerprint.trim().split("\\s+");
        if (parts.length != 2 || !parts[1].matches("([0-9A-Fa-f]{2}:)+[0-9A-Fa-f]{2}")) {
            throw new IllegalArgumentException("peer fingerprint '" + fingerprint
                    + "' is not 'hash XX:XX:...' (RFC 8122 §5)");
        }
        String hash = parts[0].toLowerCase(Locale.ROOT);
        DtlsCertificate.fingerprint(hash, new byte[0]); // rejects an unsupported hash name here, not mid-handshake
        return hash + " " + parts[1].toUpperCase(Locale.ROOT);
    }

    private static List<String> names(int[] profiles) {
        List<String> names = new ArrayList<>();
        for (int p : profiles) {
            SrtpSuite s = SrtpSuite.fromDtlsProfile(p);
            names.add(s != null ? s.name() : String.format("0x%04x", p));
        }
        return names;
    }

    /** BouncyCastle client callbacks; run on the handshake thread. */
    private final class Client extends DefaultTlsClient {
        private SrtpSuite negotiated;

        Client() {
            super(crypto);
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return CIPHER_SUITES.clone();
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return timeoutMs;
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public Hashtable getClientExtensions() throws IOException {
            Hashtable extensions = super.getClientExtensions();
            TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(offeredProfiles(), new byte[0]));
            return extensions;
        }

        @Override
        @SuppressWarnings("rawtypes")
        public void processServerExtensions(Hashtable serverExtensions) throws IOException {
            super.processServerExtensions(serverExtensions);
            UseSRTPData data = serverExtensions == null ? null : TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
            if (data == null) {
                throw abort(AlertDescription.handshake_failure, "DTLS server did not negotiate use_srtp (offered "
                        + names(offeredProfiles()) + ")");
            }
            int[] chosen = data.getProtectionProfiles();
            SrtpSuite suite = chosen.length == 1 ? SrtpSuite.fromDtlsProfile(chosen[0]) : null;
            if (suite == null || !offered.contains(suite)) {
                throw abort(AlertDescription.illegal_parameter, "DTLS server chose SRTP profile " + names(chosen)
                        + " which we did not offer (offered " + names(offeredProfiles()) + ")");
            }
            negotiated = suite;
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                    checkPeer(serverCertificate.getCertificate());
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                    return signer(context);
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            complete(context, negotiated);
        }
    }

    /** BouncyCastle server callbacks; run on the handshake thread. */
    private final class Server extends DefaultTlsServer {
        private SrtpSuite negotiated;

        Server() {
            super(crypto);
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return CIPHER_SUITES.clone();
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return timeoutMs;
        }

        @Override
        @SuppressWarnings("rawtypes")
        public void processClientExtensions(Hashtable clientExtensions) throws IOException {
            super.processClientExtensions(clientExtensions);
            UseSRTPData data = clientExtensions == null ? null : TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
            if (data == null) {
                throw abort(AlertDescription.handshake_failure, "DTLS client did not offer use_srtp");
            }
            int[] theirs = data.getProtectionProfiles();
            // Our preference order wins (RFC 5764 §4.1.1 leaves the choice to the server).
            for (SrtpSuite suite : offered) {
                for (int p : theirs) {
                    if (p == suite.dtlsProfile()) {
                        negotiated = suite;
                        return;
                    }
                }
            }
            throw abort(AlertDescription.handshake_failure, "no common SRTP protection profile: client offered "
                    + names(theirs) + ", we support " + names(offeredProfiles()));
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public Hashtable getServerExtensions() throws IOException {
            Hashtable extensions = super.getServerExtensions();
            TlsSRTPUtils.addUseSRTPExtension(extensions,
                    new UseSRTPData(new int[] {negotiated.dtlsProfile()}, new byte[0]));
            return extensions;
        }

        @Override
        protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
            return signer(context);
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public CertificateRequest getCertificateRequest() {
            Vector algorithms = new Vector();
            algorithms.add(SignatureAndHashAlgorithm.getInstance(org.bouncycastle.tls.HashAlgorithm.sha256,
                    org.bouncycastle.tls.SignatureAlgorithm.ecdsa));
            algorithms.add(SignatureAndHashAlgorithm.getInstance(org.bouncycastle.tls.HashAlgorithm.sha384,
                    org.bouncycastle.tls.SignatureAlgorithm.ecdsa));
            algorithms.add(SignatureAndHashAlgorithm.rsa_pss_rsae_sha256);
            algorithms.add(SignatureAndHashAlgorithm.getInstance(org.bouncycastle.tls.HashAlgorithm.sha256,
                    org.bouncycastle.tls.SignatureAlgorithm.rsa));
            return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
                    algorithms, null);
        }

        @Override
        public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
            checkPeer(clientCertificate);
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            complete(context, negotiated);
        }
    }
}
