package io.meshrelay.controlplane.mesh;

import static io.meshrelay.controlplane.mesh.MeshIT.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshrelay.controlplane.testing.Http;
import io.meshrelay.controlplane.testing.MeshrelayProcess;
import io.meshrelay.relaycore.testing.Ports;
import io.meshrelay.controlplane.testing.TestConfigs;
import io.meshrelay.relaycore.testing.RtpPeer;
import io.meshrelay.relaycore.transport.PortRange;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mesh as an operator runs it: certificates from {@code meshrelay pki}, nodes as separate
 * processes from the runnable jar, inspected with {@code meshrelay mesh}, a node killed with
 * SIGKILL mid-call.
 */
@Timeout(180)
class MeshProcessIT {
    @TempDir
    Path dir;
    private final List<MeshrelayProcess> procs = new ArrayList<>();
    private final Map<String, Integer> apiPorts = new HashMap<>();

    @AfterEach
    void stop() throws Exception {
        for (MeshrelayProcess p : procs) {
            p.close();
        }
    }

    private MeshrelayProcess node(String id, String region, int controlPort, boolean controller) throws Exception {
        int api = Ports.freeTcp();
        apiPorts.put(id, api);
        PortRange media = TestConfigs.randomMediaRange(50);
        List<String> args = new ArrayList<>(List.of("node", "run", "--tls-dir", dir.resolve(id).toString(),
                "--bind", "127.0.0.1", "--region", region, "--api", "127.0.0.1:" + api,
                "--trunk-port", String.valueOf(Ports.freeUdp()), "--media-ports", media.toString(),
                "--probe-interval", "200ms", "--probe-interval-active", "20ms", "--link-down-after", "120ms",
                "--report-interval", "250ms", "--dead-after", "1500ms"));
        if (controller) {
            args.addAll(List.of("--controller", "--control-port", String.valueOf(controlPort)));
        } else {
            args.addAll(List.of("--controller-address", "127.0.0.1:" + controlPort));
        }
        MeshrelayProcess p = MeshrelayProcess.start(Map.of(), args.toArray(new String[0]));
        procs.add(p);
        return p;
    }

    private Http http(String id) {
        return new Http(new InetSocketAddress("127.0.0.1", apiPorts.get(id)));
    }

    @Test
    void operatorBuildsAMeshWithTheCliAndItSurvivesAKilledNode() throws Exception {
        MeshrelayProcess.Result init = MeshrelayProcess.run(Map.of(), "pki", "init", "--dir", dir.resolve("ca").toString());
        assertEquals(0, init.exitCode(), init.output());
        for (String id : List.of("fra", "nyc", "sgp")) {
            MeshrelayProcess.Result r = MeshrelayProcess.run(Map.of(), "pki", "issue", "--dir", dir.resolve("ca").toString(),
                    "--node-id", id, "--out", dir.resolve(id).toString());
            assertEquals(0, r.exitCode(), r.output());
        }
        int control = Ports.freeUdp();
        node("fra", "eu", control, true).awaitHttp200("http://127.0.0.1:" + apiPorts.get("fra") + "/readyz",
                java.time.Duration.ofSeconds(60));
        MeshrelayProcess nyc = node("nyc", "us", control, false);
        node("sgp", "ap", control, false);
        await("3 nodes up", 60_000, () -> MeshIT.aliveNodes(http("fra")) == 3);

        MeshrelayProcess.Result table = MeshrelayProcess.run(Map.of("MESHRELAY_API", "127.0.0.1:" + apiPorts.get("sgp")),
                "mesh", "nodes");
        assertEquals(0, table.exitCode(), table.output());
        for (String id : List.of("fra", "nyc", "sgp")) {
            assertTrue(table.output().contains(id), table.output());
        }

        try (RtpPeer a = RtpPeer.open(); RtpPeer b = RtpPeer.open()) {
            Http.Reply pa = http("fra").post("/v1/sessions/call/participants", "{\"id\":\"a\",\"rtp\":true}");
            Http.Reply pb = http("fra").post("/v1/sessions/call/participants",
                    "{\"id\":\"b\",\"node\":\"sgp\",\"rtp\":true,\"remote\":\"127.0.0.1:" + b.address().getPort() + "\"}");
            assertEquals(201, pb.status(), pb.body().toString());
            assertEquals("sgp", pb.body().path("node").asText());
            await("flow fra -> sgp", 20_000, () -> MeshIT.get(http("fra"), "/v1/sessions/call").path("flows").size() == 1);
            RtpPeer.Stream s = a.stream(MeshIT.media(pa), 0x5A, 500, 4000);
            Thread.sleep(2000);
            nyc.process().destroyForcibly(); // SIGKILL: no goodbye
            nyc.process().waitFor(10, TimeUnit.SECONDS);
            s.await();
            assertTrue(b.awaitUnique(0x5A, 3900, 10_000), "received " + b.received(0x5A).unique() + " of 4000");
        }
        await("nyc declared dead", 20_000, () -> {
            for (JsonNode n : MeshIT.get(http("fra"), "/v1/mesh/nodes").path("nodes")) {
                if (n.path("id").asText().equals("nyc")) {
                    return !n.path("up").asBoolean();
                }
            }
            return false;
        });
    }
}
