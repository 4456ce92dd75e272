package io.meshrelay.controlplane.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshrelay.controlplane.api.Json;
import io.meshrelay.controlplane.pki.MeshCa;
import io.meshrelay.controlplane.pki.NodeIdentity;
import io.meshrelay.controlplane.pki.PkiTesting;
import io.meshrelay.controlplane.testing.UdpRelay;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The control channel over real QUIC on loopback: mutual TLS, framing, errors, reconnects. */
@Timeout(60)
class ControlChannelIT {
    private static final MeshCa CA = MeshCa.create(Duration.ofDays(30));
    private static final NodeIdentity CONTROLLER = CA.issue("controller", Duration.ofDays(1), List.of(), List.of());
    private static final NodeIdentity N1 = CA.issue("n1", Duration.ofDays(1), List.of(), List.of());
    private static final NodeIdentity N2 = CA.issue("n2", Duration.ofDays(1), List.of(), List.of());
    private static final ControlChannelConfig CFG = ControlChannelConfig.defaults()
            .withIdleTimeout(Duration.ofSeconds(5))
            .withReconnect(Duration.ofMillis(20), Duration.ofMillis(300))
            // Attempts made while a server is down give up sooner than QUIC's Initial retransmits.
            .withConnectTimeout(Duration.ofSeconds(2));
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private <T extends AutoCloseable> T track(T c) {
        open.add(c);
        return c;
    }

    /** A listener that records every callback in order and may answer messages. */
    static final class Recorder implements ControlListener {
        record Event(String kind, ControlConnection connection, String type, JsonNode body, String reason) {
        }

        interface Responder {
            void respond(ControlConnection from, String type, JsonNode body);
        }

        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        final Responder responder;

        Recorder(Responder responder) {
            this.responder = responder;
        }

        Recorder() {
            this((c, t, b) -> { });
        }

        @Override
        public void onMessage(ControlConnection from, String type, JsonNode body) {
            events.add(new Event("message", from, type, body, null));
            responder.respond(from, type, body);
        }

        @Override
        public void onConnect(ControlConnection connection) {
            events.add(new Event("connect", connection, null, null, null));
        }

        @Override
        public void onDisconnect(ControlConnection connection, String reason) {
            events.add(new Event("disconnect", connection, null, null, reason));
        }

        Event next(String kind) throws InterruptedException {
            Event e = events.take();
            assertEquals(kind, e.kind(), () -> "expected " + kind + ", got " + e);
            return e;
        }

        Event nextMessage(String type) throws InterruptedException {
            Event e = next("message");
            assertEquals(type, e.type(), () -> "got " + e);
            return e;
        }
    }

    /** Answers "ping" with "pong" carrying the same seq. */
    private static final Recorder.Responder PONG = (from, type, body) -> {
        if ("ping".equals(type)) {
            from.send("pong", Json.object().put("seq", body.path("seq").asInt()));
        }
    };

    private static void await(BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.sleep(5); // bounded by the class @Timeout; no timing is asserted
        }
    }

    private ControlServer server(Recorder r) throws Exception {
        return track(ControlServer.start(ANY_LOOPBACK, CONTROLLER, CFG, r));
    }

    private ControlClient client(InetSocketAddress to, NodeIdentity id, Recorder r) throws Exception {
        return track(ControlClient.start(to, id, CFG, r));
    }

    @Test
    void mutualTlsRequestsAndResponsesFlowBothWays() throws Exception {
        Recorder atServer = new Recorder(PONG);
        ControlServer server = server(atServer);
        Recorder atNode = new Recorder((from, type, body) -> {
            if ("query".equals(type)) {
                from.send("answer", Json.object().put("load", 0.25));
            }
        });
        ControlClient client = client(server.localAddress(), N1, atNode);

        ControlConnection toServer = atNode.next("connect").connection();
        ControlConnection toNode = atServer.next("connect").connection();
        assertEquals("controller", toServer.peerNodeId(), "the client learns the server's node id from its certificate");
        assertEquals("n1", toNode.peerNodeId(), "the server learns the client's node id from its certificate");
        assertEquals(toNode, server.connection("n1"));
        assertTrue(client.isConnected());

        assertTrue(client.send("ping", Json.object().put("seq", 7)));
        assertEquals(7, atServer.nextMessage("ping").body().get("seq").asInt());
        assertEquals(7, atNode.nextMessage("pong").body().get("seq").asInt());

        assertTrue(server.connection("n1").send("query", null));
        assertTrue(atNode.nextMessage("query").body().isEmpty());
        assertEquals(0.25, atServer.nextMessage("answer").body().get("load").asDouble());

        assertEquals(2, client.counters().get(ControlCounter.MESSAGES_RECEIVED));
        assertEquals(2, server.counters().get(ControlCounter.MESSAGES_RECEIVED));
        assertEquals(1, server.counters().get(ControlCounter.CONNECTIONS_OPENED));
    }

    @Test
    void clientWithoutCertificateIsRefused() throws Exception {
        Recorder atServer = new Recorder();
        ControlServer server = server(atServer);

        RawPeer anonymous = track(RawPeer.connect(server.localAddress(), null));
        String reason = anonymous.awaitClosed();

        await(() -> server.counters().get(ControlCounter.HANDSHAKES_FAILED) == 1);
        assertTrue(reason.contains("certificate_required"), reason);
        assertEquals(0, server.counters().get(ControlCounter.CONNECTIONS_OPENED));
        assertTrue(server.connections().isEmpty());
        assertTrue(atServer.events.isEmpty(), "the listener never hears of a refused peer");
    }

    @Test
    void clientWithCertificateOfAnotherMeshIsRefused() throws Exception {
        Recorder atServer = new Recorder();
        ControlServer server = server(atServer);
        MeshCa otherMesh = MeshCa.create(Duration.ofDays(30));
        // Its own CA would refuse our server first; make it trust ours so the server's check is what runs.
        NodeIdentity intruder = PkiTesting.trusting(otherMesh.issue("n1", Duration.ofDays(1), List.of(), List.of()),
                CA.certificate());
        Recorder atNode = new Recorder();
        ControlClient client = client(server.localAddress(), intruder, atNode);

        await(() -> client.counters().get(ControlCounter.CONNECT_FAILURES) >= 2); // refused, retried, refused
        assertTrue(server.counters().get(ControlCounter.PEER_CERTIFICATES_REJECTED) >= 1);
        assertEquals(0, server.counters().get(ControlCounter.CONNECTIONS_OPENED));
        assertTrue(client.lastFailure().contains("refused the TLS handshake (alert unknown_ca)"), client.lastFailure());
        assertFalse(client.isConnected());
        assertFalse(client.send("ping", null), "send fails fast while not connected");
        assertTrue(atNode.events.isEmpty() && atServer.events.isEmpty());
    }

    @Test
    void clientRefusesServerOfAnotherMesh() throws Exception {
        MeshCa otherMesh = MeshCa.create(Duration.ofDays(30));
        NodeIdentity rogue = otherMesh.issue("controller", Duration.ofDays(1), List.of(), List.of());
        ControlServer server = track(ControlServer.start(ANY_LOOPBACK, PkiTesting.trusting(rogue, CA.certificate()), CFG,
                new Recorder()));
        ControlClient client = client(server.localAddress(), N1, new Recorder());

        await(() -> client.counters().get(ControlCounter.PEER_CERTIFICATES_REJECTED) >= 1
                && client.counters().get(ControlCounter.CONNECT_FAILURES) >= 1);
        assertEquals(0, server.counters().get(ControlCounter.CONNECTIONS_OPENED));
    }

    @Test
    void clientWithExpiredCertificateIsRefused() throws Exception {
        Recorder atServer = new Recorder();
        ControlServer server = server(atServer);
        Instant now = Instant.now();
        NodeIdentity expired = CA.issue("n1", now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1)), List.of(),
                List.of());
        ControlClient client = client(server.localAddress(), expired, new Recorder());

        await(() -> client.counters().get(ControlCounter.CONNECT_FAILURES) >= 1 && client.lastFailure() != null);
        assertTrue(client.lastFailure().contains("certificate_expired"), client.lastFailure());
        assertTrue(server.counters().get(ControlCounter.PEER_CERTIFICATES_REJECTED) >= 1);
        assertTrue(server.connections().isEmpty());
        assertTrue(atServer.events.isEmpty());
    }

    @Test
    void clientReconnectsAfterServerRestartAndConnectFiresAgain() throws Exception {
        Recorder atServer = new Recorder(PONG);
        ControlServer first = ControlServer.start(ANY_LOOPBACK, CONTROLLER, CFG, atServer);
        InetSocketAddress address = first.localAddress();
        Recorder atNode = new Recorder();
        ControlClient client = client(address, N1, atNode);
        ControlConnection c1 = atNode.next("connect").connection();
        atServer.next("connect");

        first.close();
        Recorder.Event gone = atNode.next("disconnect");
        assertEquals(c1, gone.connection());
        assertTrue(gone.reason().contains("shutting down"), gone.reason());
        assertFalse(client.send("ping", Json.object().put("seq", 1)), "no controller: send fails fast");
        assertEquals(1, client.counters().get(ControlCounter.SEND_NOT_CONNECTED));

        Recorder atSecond = new Recorder(PONG);
        track(ControlServer.start(address, CONTROLLER, CFG, atSecond)); // same port: a restarted controller
        ControlConnection c2 = atNode.next("connect").connection();
        assertFalse(c1 == c2);
        assertTrue(client.send("ping", Json.object().put("seq", 2)));
        assertEquals(2, atNode.nextMessage("pong").body().get("seq").asInt());
        assertEquals(2, client.counters().get(ControlCounter.CONNECTIONS_OPENED));
    }

    @Test
    void deadControllerIsNoticedByIdleTimeoutAndTheNodeReconnectsWhenItReturns() throws Exception {
        ControlChannelConfig quick = CFG.withIdleTimeout(Duration.ofSeconds(1));
        Recorder atServer = new Recorder(PONG);
        ControlServer server = track(ControlServer.start(ANY_LOOPBACK, CONTROLLER, quick, atServer));
        UdpRelay path = track(new UdpRelay(server.localAddress()));
        Recorder atNode = new Recorder(PONG);
        ControlClient client = track(ControlClient.start(path.address(), N1, quick, atNode));
        atNode.next("connect");
        atServer.next("connect");

        path.cut();
        assertTrue(atNode.next("disconnect").reason().startsWith("idle timeout"));
        assertTrue(atServer.next("disconnect").reason().startsWith("idle timeout"), "the controller notices too");
        assertFalse(client.isConnected());

        path.restore();
        atNode.next("connect");
        atServer.next("connect");
        assertTrue(client.send("ping", Json.object().put("seq", 3)));
        assertEquals(3, atNode.nextMessage("pong").body().get("seq").asInt());
    }

    @Test
    void oversizedMessageIsAnsweredWithAnErrorAndTheConnectionKeepsWorking() throws Exception {
        Recorder atServer = new Recorder(PONG);
        ControlServer server = track(ControlServer.start(ANY_LOOPBACK, CONTROLLER, CFG.withMaxMessageBytes(4096), atServer));
        RawPeer peer = track(RawPeer.connect(server.localAddress(), N1)).openStream().hello();
        assertTrue(peer.next().contains("\"maxMessageBytes\":4096"), "the server announces its limit in its hello");
        atServer.next("connect");

        peer.oversized(100_000).frame("{\"v\":1,\"type\":\"ping\",\"body\":{\"seq\":9}}");

        String error = peer.next();
        assertTrue(error.contains("\"type\":\"error\"") && error.contains("\"code\":\"too-large\""), error);
        assertTrue(error.contains("100000 bytes exceeds the limit of 4096"), error);
        assertTrue(peer.next().contains("\"type\":\"pong\""), "the next message still gets through");
        assertEquals(9, atServer.nextMessage("ping").body().get("seq").asInt());
        assertEquals(1, server.counters().get(ControlCounter.OVERSIZED_RECEIVED));
    }

    @Test
    void sendOverThePeersAnnouncedLimitIsRefusedBeforeTheWire() throws Exception {
        ControlServer server = track(ControlServer.start(ANY_LOOPBACK, CONTROLLER, CFG.withMaxMessageBytes(2048),
                new Recorder()));
        Recorder atNode = new Recorder();
        ControlClient client = client(server.localAddress(), N1, atNode);
        atNode.next("connect");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> client.send("lsdb", Json.object().put("blob", "x".repeat(5000))));
        assertTrue(e.getMessage().contains("accepts at most 2048"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> client.send("hello", null), "hello is reserved");
        assertTrue(client.send("lsdb", Json.object().put("blob", "x".repeat(100))));
    }

    @Test
    void malformedAndUnknownVersionMessagesAreAnsweredAndDroppedWithoutHarmingAnyConnection() throws Exception {
        Recorder atServer = new Recorder((from, type, body) -> {
            if ("boom".equals(type)) {
                throw new IllegalStateException("listener bug");
            }
            PONG.respond(from, type, body);
        });
        ControlServer server = server(atServer);
        Recorder atN2 = new Recorder();
        ControlClient bystander = client(server.localAddress(), N2, atN2);
        atN2.next("connect");
        atServer.next("connect");
        RawPeer peer = track(RawPeer.connect(server.localAddress(), N1)).openStream().hello();
        peer.next();
        atServer.next("connect");

        peer.frame("not json at all")
                .frame("[1,2,3]")
                .frame("{\"v\":2,\"type\":\"ping\",\"body\":{}}")
                .frame("{\"v\":1,\"type\":\"bad type!\",\"body\":{}}")
                .frame("{\"v\":1,\"type\":\"ping\",\"body\":[]}")
                .frame("{\"v\":1,\"type\":\"ping\",\"type\":\"pong\",\"body\":{}}")
                .frame("{\"v\":1,\"type\":\"boom\",\"body\":{}}")
                .frame("{\"v\":1,\"type\":\"ping\",\"body\":{\"seq\":5}}");

        assertTrue(peer.next().contains("\"code\":\"malformed\",\"message\":\"not valid JSON"));
        assertTrue(peer.next().contains("\"code\":\"malformed\",\"message\":\"the envelope must be a JSON object"));
        String version = peer.next();
        assertTrue(version.contains("\"code\":\"unsupported-version\"") && version.contains("\"type\":\"ping\""), version);
        assertTrue(peer.next().contains("field 'type' must be"));
        assertTrue(peer.next().contains("field 'body' must be a JSON object"));
        assertTrue(peer.next().contains("Duplicate field 'type'"));
        assertTrue(peer.next().contains("\"type\":\"pong\""), "a listener that throws harms nothing after it");
        atServer.nextMessage("boom");
        assertEquals(5, atServer.nextMessage("ping").body().get("seq").asInt());
        assertEquals(5, server.counters().get(ControlCounter.MALFORMED_RECEIVED));
        assertEquals(1, server.counters().get(ControlCounter.UNSUPPORTED_VERSION_RECEIVED));
        assertEquals(1, server.counters().get(ControlCounter.LISTENER_FAILURES));

        assertTrue(bystander.send("ping", Json.object().put("seq", 6)), "other connections never noticed");
        assertEquals(6, atN2.nextMessage("pong").body().get("seq").asInt());
        assertEquals(2, server.connections().size());
    }

    @Test
    void firstMessageOtherThanHelloClosesTheConnection() throws Exception {
        Recorder atServer = new Recorder();
        ControlServer server = server(atServer);
        RawPeer peer = track(RawPeer.connect(server.localAddress(), N1)).openStream()
                .frame("{\"v\":1,\"type\":\"ping\",\"body\":{}}");

        assertTrue(peer.next().contains("\"code\":\"hello-required\""));
        assertTrue(peer.awaitClosed().contains("protocol error"));
        assertEquals(1, server.counters().get(ControlCounter.HELLO_FAILED));
        assertTrue(atServer.events.isEmpty());
    }

    @Test
    void peerThatNeverSaysHelloIsClosedAfterTheConnectTimeout() throws Exception {
        ControlServer server = track(ControlServer.start(ANY_LOOPBACK, CONTROLLER,
                CFG.withConnectTimeout(Duration.ofMillis(300)), new Recorder()));
        RawPeer silent = track(RawPeer.connect(server.localAddress(), N1));
        String reason = silent.awaitClosed();
        assertTrue(reason.contains("no hello within 300 ms"), reason);
        assertEquals(1, server.counters().get(ControlCounter.HELLO_FAILED));
    }

    @Test
    void sameNodeConnectingAgainSupersedesItsOlderConnection() throws Exception {
        Recorder atServer = new Recorder();
        ControlServer server = server(atServer);
        Recorder atOld = new Recorder();
        client(server.localAddress(), N1, atOld);
        atOld.next("connect");
        ControlConnection older = atServer.next("connect").connection();

        RawPeer newer = track(RawPeer.connect(server.localAddress(), N1)).openStream().hello();
        newer.next();

        assertTrue(atOld.next("disconnect").reason().contains("superseded by a newer connection of node n1"));
        await(() -> server.connection("n1") != older);
        assertEquals(1, server.counters().get(ControlCounter.CONNECTIONS_SUPERSEDED));
        assertNull(atServer.events.stream().filter(e -> e.kind().equals("message")).findAny().orElse(null));
    }

    @Test
    void slowListenerPausesReadingAndEveryMessageStillArrivesInOrder() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Recorder atServer = new Recorder((from, type, body) -> {
            try {
                release.await(); // a listener stuck on its first message
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ControlServer server = track(ControlServer.start(ANY_LOOPBACK, CONTROLLER, CFG.withMaxMessageBytes(4096), atServer));
        Recorder atNode = new Recorder();
        ControlClient client = client(server.localAddress(), N1, atNode);
        atNode.next("connect");
        atServer.next("connect");

        String filler = "x".repeat(1000);
        for (int i = 0; i < 200; i++) { // ~200 KB: far above the 16 KB the server queues before pausing
            assertTrue(client.send("bulk", Json.object().put("i", i).put("filler", filler)));
        }
        await(() -> server.counters().get(ControlCounter.READS_PAUSED) >= 1);
        release.countDown();

        for (int i = 0; i < 200; i++) {
            assertEquals(i, atServer.nextMessage("bulk").body().get("i").asInt());
        }
        assertTrue(client.isConnected());
    }

    @Test
    void clientPinnedToAControllerRefusesAnyOtherNode() throws Exception {
        ControlServer server = server(new Recorder());
        ControlClient client = track(ControlClient.start(server.localAddress(), "controller-2", N1, CFG, new Recorder(),
                null));
        await(() -> client.counters().get(ControlCounter.PEER_CERTIFICATES_REJECTED) >= 1
                && client.counters().get(ControlCounter.CONNECT_FAILURES) >= 1);
        assertFalse(client.isConnected());
        assertEquals(0, server.counters().get(ControlCounter.CONNECTIONS_OPENED));
    }

    @Test
    void controlPortInUseFailsStartNamingTheAddress() throws Exception {
        ControlServer first = server(new Recorder());
        BindException e = assertThrows(BindException.class,
                () -> ControlServer.start(first.localAddress(), CONTROLLER, CFG, new Recorder()));
        assertTrue(e.getMessage().startsWith("cannot listen for the control channel on UDP " + first.localAddress()),
                e.getMessage());
    }
}
