package io.meshrelay.controlplane.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshrelay.controlplane.node.NodeRuntime;
import io.meshrelay.controlplane.testing.Http;
import io.meshrelay.controlplane.testing.TestConfigs;
import io.meshrelay.relaycore.testing.RtpPeer;
import io.meshrelay.relaycore.transport.PortRange;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The node's sessions API over real HTTP, with media through real UDP legs. */
@Timeout(60)
class SessionApiIT {
    private NodeRuntime node;
    private Http http;

    @BeforeEach
    void start() throws Exception {
        node = NodeRuntime.start(TestConfigs.node("api-node", TestConfigs.randomMediaRange(20)));
        http = new Http(node.apiAddress());
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private static InetSocketAddress media(Http.Reply participant) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(participant.body().get("media").get("address").asText()),
                participant.body().get("media").get("port").asInt());
    }

    @Test
    void createsSessionAndRelaysMediaBetweenTwoParticipants() throws Exception {
        Http.Reply s = http.post("/v1/sessions", "{\"id\":\"call-1\"}");
        assertEquals(201, s.status());
        assertEquals("call-1", s.text("id"));
        try (RtpPeer alice = RtpPeer.open(); RtpPeer bob = RtpPeer.open()) {
            Http.Reply a = http.post("/v1/sessions/call-1/participants", "{\"id\":\"alice\",\"rtp\":true}");
            Http.Reply b = http.post("/v1/sessions/call-1/participants",
                    "{\"id\":\"bob\",\"rtp\":true,\"remote\":\"127.0.0.1:" + bob.address().getPort() + "\"}");
            assertEquals(201, a.status(), a.body().toString());
            assertEquals("api-node", a.text("node"));
            assertTrue(a.body().get("rtp").asBoolean());
            alice.stream(media(a), 0x11, 500, 100).await();
            assertTrue(bob.awaitUnique(0x11, 100, 5000));

            Http.Reply desc = http.get("/v1/sessions/call-1");
            assertEquals(200, desc.status());
            var parts = desc.body().get("participants");
            assertEquals(2, parts.size());
            var alicePart = parts.get(0).get("id").asText().equals("alice") ? parts.get(0) : parts.get(1);
            assertEquals(100, alicePart.get("rxPackets").asLong());
            assertTrue(alicePart.get("latched").asBoolean());
            assertEquals(100, alicePart.get("ssrcs").get(0).get("packets").asLong());

            Http.Reply one = http.get("/v1/sessions/call-1/participants/bob");
            assertEquals(100, one.body().get("txPackets").asLong());
        }
        assertEquals(204, http.delete("/v1/sessions/call-1/participants/bob").status());
        assertEquals(404, http.get("/v1/sessions/call-1/participants/bob").status());
        assertEquals(204, http.delete("/v1/sessions/call-1").status());
        assertEquals(404, http.get("/v1/sessions/call-1").status());
    }

    @Test
    void generatesIdsWhenNoneAreGiven() throws Exception {
        Http.Reply s = http.post("/v1/sessions", null);
        assertEquals(201, s.status());
        String id = s.text("id");
        Http.Reply p = http.post("/v1/sessions/" + id + "/participants", "{\"rtp\":true}");
        assertEquals(201, p.status());
        assertTrue(p.text("id").startsWith("p-"));
        assertTrue(http.get("/v1/sessions").body().get("sessions").toString().contains(id));
    }

    @Test
    void rejectsBadRequestsWithPreciseErrorsAndChangesNothing() throws Exception {
        http.post("/v1/sessions", "{\"id\":\"s\"}");
        assertError(400, "remote: 'example.org:5000' must be an IP address",
                http.post("/v1/sessions/s/participants", "{\"rtp\":true,\"remote\":\"example.org:5000\"}"));
        assertError(400, "unknown field 'bogus'", http.post("/v1/sessions/s/participants", "{\"rtp\":true,\"bogus\":1}"));
        assertError(400, "give exactly one of", http.post("/v1/sessions/s/participants", "{}"));
        assertError(400, "latching 'strict' needs 'remote'",
                http.post("/v1/sessions/s/participants", "{\"rtp\":true,\"latching\":\"strict\"}"));
        assertError(400, "latching: 'sometimes'",
                http.post("/v1/sessions/s/participants", "{\"rtp\":true,\"latching\":\"sometimes\"}"));
        assertError(400, "field 'rtp' has the wrong type",
                http.post("/v1/sessions/s/participants", "{\"rtp\":[1]}"));
        assertError(400, "body is not valid JSON", http.post("/v1/sessions/s/participants", "{rtp"));
        assertError(400, "session id 'a b'", http.post("/v1/sessions", "{\"id\":\"a b\"}"));
        assertError(404, "no session nope", http.post("/v1/sessions/nope/participants", "{\"rtp\":true}"));
        assertError(409, "session s exists", http.post("/v1/sessions", "{\"id\":\"s\"}"));
        assertError(405, "PUT is not allowed", http.call("PUT", "/v1/sessions", "{}"));
        assertEquals(0, http.get("/v1/sessions/s").body().get("participants").size(), "no half-made legs");
        http.post("/v1/sessions/s/participants", "{\"id\":\"dup\",\"rtp\":true}");
        assertError(409, "participant dup exists", http.post("/v1/sessions/s/participants", "{\"id\":\"dup\",\"rtp\":true}"));
    }

    @Test
    void answersServiceUnavailableWhenMediaPortsRunOut() throws Exception {
        node.close();
        PortRange tiny = TestConfigs.randomMediaRange(2);
        node = NodeRuntime.start(TestConfigs.node("tiny", tiny));
        http = new Http(node.apiAddress());
        http.post("/v1/sessions", "{\"id\":\"s\"}");
        int created = 0;
        Http.Reply last = null;
        for (int i = 0; i < 3; i++) {
            last = http.post("/v1/sessions/s/participants", "{\"rtp\":true}");
            if (last.status() == 201) {
                created++;
            }
        }
        assertTrue(created <= 2);
        assertError(503, "no free media port", last);
    }

    @Test
    void exportsPrometheusMetrics() throws Exception {
        http.post("/v1/sessions", "{\"id\":\"m\"}");
        http.post("/v1/sessions/m/participants", "{\"rtp\":true}");
        Http.Reply m = http.get("/metrics");
        assertEquals(200, m.status());
        String text = m.text("text");
        assertTrue(text.contains("meshrelay_legs 1"), text);
        assertTrue(text.contains("meshrelay_dropped_packets_total{reason=\"auth_fail\"} 0"), text);
        assertTrue(text.contains("# TYPE meshrelay_leg_packets_total counter"), text);
        assertTrue(text.contains("# TYPE meshrelay_jvm_gc_seconds_total counter"), text);
        assertTrue(text.matches("(?s).*\\nmeshrelay_jvm_jit_compilation_seconds_total [0-9.E-]+\\n.*"), text);
    }

    private static void assertError(int status, String message, Http.Reply r) {
        assertEquals(status, r.status(), r.body().toString());
        assertTrue(r.text("error").contains(message), r.text("error"));
    }
}
