package io.meshrelay.controlplane.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshrelay.controlplane.api.ApiException;
import io.meshrelay.controlplane.api.Json;
import io.meshrelay.relaycore.crypto.DtlsLegKeying;
import io.meshrelay.relaycore.crypto.MediaCrypto;
import io.meshrelay.relaycore.crypto.SrtpMediaCrypto;
import io.meshrelay.srtp.DtlsCertificate;
import io.meshrelay.srtp.SrtpKeyMaterial;
import io.meshrelay.srtp.SrtpSuite;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Locale;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Keying of participant legs from the API request: plain RTP, SDES-SRTP (RFC 4568: the
 * participant's key in, a fresh key of ours out) or DTLS-SRTP (RFC 5763: roles from a=setup,
 * the peer checked against its a=fingerprint, our certificate's fingerprint answered).
 */
public final class ParticipantKeying implements LegCryptoFactory, AutoCloseable {
    private static final Pattern FINGERPRINT = Pattern.compile("(?i)sha-256\\s+([0-9a-f]{2}:){31}[0-9a-f]{2}");
    /** Handshakes in flight at once; each holds a thread up to its timeout. */
    private static final int MAX_HANDSHAKES = 256;

    private final DtlsCertificate certificate = DtlsCertificate.generateEcdsa();
    private final ThreadPoolExecutor dtlsThreads = new ThreadPoolExecutor(0, MAX_HANDSHAKES, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), new DefaultThreadFactory("meshrelay-dtls", true));
    private final AtomicLong dtlsFailures = new AtomicLong();

    public String fingerprint() {
        return certificate.fingerprintSha256();
    }

    public long dtlsFailures() {
        return dtlsFailures.get();
    }

    @Override
    public LegCrypto create(ParticipantRequest r) {
        int kinds = (Boolean.TRUE.equals(r.rtp()) ? 1 : 0) + (r.srtp() != null ? 1 : 0) + (r.dtls() != null ? 1 : 0);
        if (kinds != 1) {
            throw ApiException.badRequest("give exactly one of \"rtp\": true, \"srtp\": {...} or \"dtls\": {...}");
        }
        if (r.srtp() != null) {
            return sdes(r.srtp());
        }
        if (r.dtls() != null) {
            return dtls(r.dtls(), r.remote() != null);
        }
        return new LegCrypto(MediaCrypto.PLAIN, MediaCrypto.PLAIN, Json.object().put("rtp", true), null);
    }

    private static LegCrypto sdes(ParticipantRequest.Srtp s) {
        if (s.suite() == null || s.key() == null) {
            throw ApiException.badRequest("srtp needs \"suite\" and \"key\" (base64 of key||salt, as a=crypto inline:)");
        }
        SrtpSuite suite;
        SrtpKeyMaterial theirs;
        try {
            suite = SrtpSuite.fromName(s.suite());
            theirs = SrtpKeyMaterial.fromInline(suite, s.key());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("srtp: " + e.getMessage());
        }
        SrtpKeyMaterial ours = SrtpKeyMaterial.generate(suite);
        ObjectNode answer = Json.object();
        answer.putObject("srtp").put("suite", suite.name()).put("key", ours.inlineBase64());
        return new LegCrypto(SrtpMediaCrypto.receiver(theirs), SrtpMediaCrypto.sender(ours), answer, null);
    }

    private LegCrypto dtls(ParticipantRequest.Dtls d, boolean haveRemote) {
        if (d.fingerprint() == null || !FINGERPRINT.matcher(d.fingerprint().trim()).matches()) {
            throw ApiException.badRequest("dtls.fingerprint must be 'sha-256 XX:XX:...' (32 bytes, RFC 8122)");
        }
        String setup = d.setup() == null ? "actpass" : d.setup().toLowerCase(Locale.ROOT);
        boolean weAreClient;
        switch (setup) {
            case "passive":
                weAreClient = true; // they wait for our ClientHello
                break;
            case "active":
            case "actpass":
                weAreClient = false; // they (may) start: we answer passive (RFC 5763 §5)
                break;
            default:
                throw ApiException.badRequest("dtls.setup must be active, passive or actpass, not '" + d.setup() + "'");
        }
        if (weAreClient && !haveRemote) {
            throw ApiException.badRequest("dtls.setup 'passive' means the relay starts the handshake: give \"remote\"");
        }
        if (dtlsThreads.getActiveCount() >= MAX_HANDSHAKES) {
            throw ApiException.unavailable("too many DTLS handshakes in progress (" + MAX_HANDSHAKES + ")");
        }
        ObjectNode answer = Json.object();
        answer.putObject("dtls").put("setup", weAreClient ? "active" : "passive").put("fingerprint", fingerprint());
        String peerFingerprint = d.fingerprint().trim();
        return new LegCrypto(MediaCrypto.AWAITING_KEYS, MediaCrypto.AWAITING_KEYS, answer,
                leg -> DtlsLegKeying.start(leg, weAreClient, certificate, peerFingerprint, dtlsThreads, dtlsFailures));
    }

    @Override
    public void close() {
        dtlsThreads.shutdownNow();
    }
}
