package io.meshrelay.controlplane.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshrelay.controlplane.node.NodeRuntime;
import io.meshrelay.controlplane.testing.Http;
import io.meshrelay.controlplane.testing.TestConfigs;
import io.meshrelay.relaycore.testing.RtpPeer;
import io.meshrelay.relaycore.testing.SrtpTransforms;
import io.meshrelay.srtp.DtlsCertificate;
import io.meshrelay.srtp.DtlsSrtpEndpoint;
import io.meshrelay.srtp.DtlsSrtpKeys;
import io.meshrelay.srtp.SrtpKeyMaterial;
import io.meshrelay.srtp.SrtpSession;
import io.meshrelay.srtp.SrtpSuite;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SDES and DTLS-SRTP participants added through the REST API, media over real sockets. */
@Timeout(60)
class SrtpParticipantsIT {
    private NodeRuntime node;
    private Http http;

    @BeforeEach
    void start() throws Exception {
        node = NodeRuntime.start(TestConfigs.node("srtp-node", TestConfigs.randomMediaRange(20)));
        http = new Http(node.apiAddress());
        assertEquals(201, http.post("/v1/sessions", "{\"id\":\"c\"}").status());
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private static InetSocketAddress media(Http.Reply p) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(p.body().get("media").get("address").asText()),
                p.body().get("media").get("port").asInt());
    }

    @Test
    void sdesParticipantGetsTheRelaysOwnKeyAndTalksToAPlainOne() throws Exception {
        SrtpKeyMaterial mine = SrtpKeyMaterial.generate(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        try (RtpPeer secure = RtpPeer.open(); RtpPeer plain = RtpPeer.open()) {
            Http.Reply s = http.post("/v1/sessions/c/participants", "{\"id\":\"secure\",\"srtp\":{\"suite\":"
                    + "\"AES_CM_128_HMAC_SHA1_80\",\"key\":\"" + mine.inlineBase64() + "\"}}");
            assertEquals(201, s.status(), s.body().toString());
            assertEquals("AES_CM_128_HMAC_SHA1_80", s.body().get("srtp").get("suite").asText());
            SrtpKeyMaterial relays = SrtpKeyMaterial.fromInline(SrtpSuite.AES_CM_128_HMAC_SHA1_80,
                    s.body().get("srtp").get("key").asText());
            Http.Reply p = http.post("/v1/sessions/c/participants",
                    "{\"id\":\"plain\",\"rtp\":true,\"remote\":\"127.0.0.1:" + plain.address().getPort() + "\"}");
            secure.onReceive(SrtpTransforms.unprotect(SrtpSession.receiver(relays)));

            secure.stream(media(s), 0x51, 500, 100, 160, SrtpTransforms.protect(SrtpSession.sender(mine))).await();
            assertTrue(plain.awaitUnique(0x51, 100, 5000));
            plain.stream(media(p), 0x52, 500, 100).await();
            assertTrue(secure.awaitUnique(0x52, 100, 5000), "decrypted with the key the API answered");
        }
    }

    @Test
    void rejectsMalformedKeyingWithPreciseErrors() throws Exception {
        assertError(400, "srtp: ", http.post("/v1/sessions/c/participants",
                "{\"srtp\":{\"suite\":\"AES_CM_128_HMAC_SHA1_80\",\"key\":\"c2hvcnQ=\"}}"));
        assertError(400, "srtp: ", http.post("/v1/sessions/c/participants",
                "{\"srtp\":{\"suite\":\"ROT13\",\"key\":\"c2hvcnQ=\"}}"));
        assertError(400, "srtp needs", http.post("/v1/sessions/c/participants", "{\"srtp\":{}}"));
        assertError(400, "dtls.fingerprint", http.post("/v1/sessions/c/participants",
                "{\"dtls\":{\"setup\":\"active\",\"fingerprint\":\"md5 00:11\"}}"));
        assertError(400, "dtls.setup must be", http.post("/v1/sessions/c/participants",
                "{\"dtls\":{\"setup\":\"sideways\",\"fingerprint\":\"" + DtlsCertificate.generateEcdsa().fingerprintSha256()
                        + "\"}}"));
        assertError(400, "give \\\"remote\\\"".replace("\\", ""), http.post("/v1/sessions/c/participants",
                "{\"dtls\":{\"setup\":\"passive\",\"fingerprint\":\"" + DtlsCertificate.generateEcdsa().fingerprintSha256()
                        + "\"}}"));
        assertEquals(0, http.get("/v1/sessions/c").body().get("participants").size());
    }

    @Test
    void dtlsParticipantHandshakesThenSendsSrtp() throws Exception {
        DtlsCertificate theirCert = DtlsCertificate.generateEcdsa();
        ExecutorService exec = Executors.newCachedThreadPool();
        try (RtpPeer plain = RtpPeer.open(); DatagramChannel ch = DatagramChannel.open()) {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Http.Reply d = http.post("/v1/sessions/c/participants", "{\"id\":\"webrtc\",\"dtls\":{\"setup\":\"actpass\","
                    + "\"fingerprint\":\"" + theirCert.fingerprintSha256() + "\"}}");
            assertEquals(201, d.status(), d.body().toString());
            assertEquals("passive", d.body().get("dtls").get("setup").asText());
            String relayFingerprint = d.body().get("dtls").get("fingerprint").asText();
            http.post("/v1/sessions/c/participants",
                    "{\"id\":\"plain\",\"rtp\":true,\"remote\":\"127.0.0.1:" + plain.address().getPort() + "\"}");
            InetSocketAddress relay = media(d);

            DtlsSrtpEndpoint participant = DtlsSrtpEndpoint.client(theirCert, relayFingerprint,
                    List.of(SrtpSuite.AEAD_AES_128_GCM), bytes -> {
                        try {
                            ch.send(ByteBuffer.wrap(bytes), relay);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }, exec);
            Thread reader = new Thread(() -> {
                ByteBuffer buf = ByteBuffer.allocate(4096);
                while (ch.isOpen()) {
                    try {
                        buf.clear();
                        ch.receive(buf);
                        buf.flip();
                        byte[] b = new byte[buf.remaining()];
                        buf.get(b);
                        if ((b[0] & 0xFF) >= 20 && (b[0] & 0xFF) <= 63) {
                            participant.receive(b, 0, b.length);
                        }
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            reader.setDaemon(true);
            reader.start();
            DtlsSrtpKeys keys = participant.handshake().get(20, TimeUnit.SECONDS);
            assertEquals(SrtpSuite.AEAD_AES_128_GCM, keys.suite());

            SrtpSession sender = keys.newSender();
            for (int i = 0; i < 50; i++) {
                byte[] pkt = SrtpTransforms.protect(sender).apply(RtpPeer.rtp(0x61, i, 160L * i, 160));
                ch.send(ByteBuffer.wrap(pkt), relay);
                Thread.sleep(2);
            }
            assertTrue(plain.awaitUnique(0x61, 50, 5000), "SRTP keyed by DTLS reached the plain leg: "
                    + plain.received(0x61).unique());
            var webrtc = http.get("/v1/sessions/c/participants/webrtc").body();
            assertEquals("srtp AEAD_AES_128_GCM", webrtc.get("crypto").asText());
            assertTrue(webrtc.get("latched").asBoolean());
        } finally {
            exec.shutdownNow();
        }
    }

    private static void assertError(int status, String message, Http.Reply r) {
        assertEquals(status, r.status(), r.body().toString());
        assertTrue(r.text("error").contains(message), r.text("error"));
    }
}
