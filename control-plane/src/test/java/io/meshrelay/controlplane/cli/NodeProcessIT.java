package io.meshrelay.controlplane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshrelay.controlplane.testing.MeshrelayProcess;
import io.meshrelay.relaycore.testing.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The {@code meshrelay} jar run as a separate process, the way systemd and operators run it. */
@Timeout(120)
class NodeProcessIT {
    @TempDir
    Path dir;

    @Test
    void badPortRangeExitsTwoWithOneLine() throws Exception {
        MeshrelayProcess.Result r = MeshrelayProcess.run(Map.of(), "node", "run", "--media-ports", "40000-70000");
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(r.output().contains("--media-ports"), r.output());
    }

    @Test
    void unknownConfigKeyExitsTwoNamingIt() throws Exception {
        Path f = dir.resolve("node.yaml");
        Files.writeString(f, "trunk-prot: 7700\n");
        MeshrelayProcess.Result r = MeshrelayProcess.run(Map.of("MESHRELAY_CONFIG", f.toString()), "node", "run");
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(r.output().contains("unknown key 'trunk-prot' (did you mean 'trunk-port'?)"), r.output());
    }

    @Test
    void portAlreadyInUseIsARuntimeFailure() throws Exception {
        int api = Ports.freeTcp();
        try (java.net.ServerSocket taken = new java.net.ServerSocket(api, 1, java.net.InetAddress.getLoopbackAddress())) {
            MeshrelayProcess.Result r = MeshrelayProcess.run(Map.of(), "node", "run", "--api", "127.0.0.1:" + api,
                    "--trunk-port", String.valueOf(Ports.freeUdp()));
            assertEquals(1, r.exitCode(), r.output());
            assertTrue(r.output().contains("cannot listen on API address 127.0.0.1:" + api), r.output());
        }
    }

    @Test
    void nodeServesHealthAndStopsOnSigterm() throws Exception {
        int api = Ports.freeTcp();
        try (MeshrelayProcess node = MeshrelayProcess.start(Map.of("MESHRELAY_NODE_ID", "it-node"), "node", "run",
                "--api", "127.0.0.1:" + api, "--bind", "127.0.0.1", "--trunk-port", String.valueOf(Ports.freeUdp()))) {
            node.awaitHttp200("http://127.0.0.1:" + api + "/readyz", Duration.ofSeconds(30));
            HttpResponse<String> info = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api + "/v1/node")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(info.body().contains("\"id\":\"it-node\""), info.body());
            int code = node.terminate();
            // 143 = 128 + SIGTERM: the JVM's status after an orderly shutdown by signal (systemd: SuccessExitStatus=143)
            assertEquals(143, code, node.output());
            assertTrue(node.output().contains("node it-node stopping"), node.output());
        }
    }
}
