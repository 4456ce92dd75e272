package io.meshrelay.controlplane.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshrelay.controlplane.testing.Http;
import io.meshrelay.controlplane.testing.TestMesh;
import io.meshrelay.relaycore.testing.RtpPeer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Nodes forming a mesh over QUIC with mutual TLS, sessions spanning them, media across. */
@Timeout(120)
class MeshIT {
    @TempDir
    Path dir;
    private TestMesh mesh;

    @BeforeEach
    void start() {
        mesh = new TestMesh(dir);
    }

    @AfterEach
    void stop() throws Exception {
        mesh.close();
    }

    static void await(String what, long timeoutMs, BooleanSupplier cond) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!cond.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    static JsonNode get(Http h, String path) {
        try {
            return h.get(path).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static int aliveNodes(Http h) {
        int n = 0;
        for (JsonNode node : get(h, "/v1/mesh/nodes").path("nodes")) {
            if (node.path("up").asBoolean()) {
                n++;
            }
        }
        return n;
    }

    static InetSocketAddress media(Http.Reply p) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(p.body().get("media").get("address").asText()),
                p.body().get("media").get("port").asInt());
    }

    @Test
    void nodesJoinAndASessionSpanningTwoNodesCarriesMediaBothWays() throws Exception {
        mesh.start("n1", "eu");
        mesh.start("n2", "us");
        mesh.start("n3", "ap");
        Http h1 = mesh.http("n1");
        Http h3 = mesh.http("n3");
        await("3 alive nodes", 15_000, () -> aliveNodes(h1) == 3);
        await("n3 sees 3 nodes", 15_000, () -> aliveNodes(h3) == 3);
        await("links measured", 15_000, () -> get(h1, "/v1/mesh/links").path("links").size() >= 6);

        try (RtpPeer a = RtpPeer.open(); RtpPeer c = RtpPeer.open()) {
            Http.Reply pa = h1.post("/v1/sessions/conf/participants",
                    "{\"id\":\"a\",\"rtp\":true,\"remote\":\"127.0.0.1:" + a.address().getPort() + "\"}");
            assertEquals(201, pa.status(), pa.body().toString());
            Http.Reply pc = h3.post("/v1/sessions/conf/participants",
                    "{\"id\":\"c\",\"rtp\":true,\"remote\":\"127.0.0.1:" + c.address().getPort() + "\"}");
            assertEquals(201, pc.status(), pc.body().toString());
            await("anchors known on n1", 10_000,
                    () -> get(h1, "/v1/sessions/conf").path("anchors").size() == 2
                            && get(h1, "/v1/sessions/conf").path("flows").size() == 1);
            await("anchors known on n3", 10_000, () -> get(h3, "/v1/sessions/conf").path("flows").size() == 1);

            a.stream(media(pa), 0xAA, 500, 500).await();
            c.stream(media(pc), 0xCC, 500, 500).await();
            assertTrue(c.awaitUnique(0xAA, 500, 5000), "n1 -> n3: " + c.received(0xAA).unique());
            assertTrue(a.awaitUnique(0xCC, 500, 5000), "n3 -> n1: " + a.received(0xCC).unique());
            assertEquals(0, c.received(0xAA).duplicates());
        }
    }

    @Test
    void controllerApiAddsParticipantsOnTheNamedNode() throws Exception {
        mesh.start("n1", "eu");
        mesh.start("n2", "us");
        Http h1 = mesh.http("n1");
        await("2 alive nodes", 15_000, () -> aliveNodes(h1) == 2);
        Http.Reply r = h1.post("/v1/sessions/remote-call/participants", "{\"node\":\"n2\",\"rtp\":true}");
        assertEquals(201, r.status(), r.body().toString());
        assertEquals("n2", r.body().get("node").asText());
        Http h2 = mesh.http("n2");
        assertEquals(1, get(h2, "/v1/sessions/remote-call").path("participants").size());
        Http.Reply bad = h1.post("/v1/sessions/remote-call/participants", "{\"node\":\"nowhere\",\"rtp\":true}");
        assertEquals(404, bad.status(), bad.body().toString());
        Http.Reply badBody = h1.post("/v1/sessions/remote-call/participants", "{\"node\":\"n2\",\"rtp\":\"yes\"}");
        assertEquals(400, badBody.status(), badBody.body().toString());
    }

    @Test
    void policyChangesThroughAnyNodeReachEveryNode() throws Exception {
        mesh.start("n1", "eu");
        mesh.start("n2", "us");
        Http h1 = mesh.http("n1");
        Http h2 = mesh.http("n2");
        await("2 alive nodes", 15_000, () -> aliveNodes(h1) == 2);
        Http.Reply r = h2.call("PUT", "/v1/policy", "{\"weights\":{\"latency\":2.5},\"mode\":\"redundant\"}");
        assertEquals(200, r.status(), r.body().toString());
        await("policy on n1", 5_000, () -> get(h1, "/v1/policy").path("weights").path("latency").asDouble() == 2.5);
        await("policy on n2", 5_000, () -> "redundant".equals(get(h2, "/v1/policy").path("mode").asText()));
        Http.Reply bad = h1.call("PUT", "/v1/policy", "{\"weights\":{\"latancy\":1}}");
        assertEquals(400, bad.status());
        assertTrue(bad.text("error").contains("weights.latancy"), bad.text("error"));
    }
}
