package io.meshrelay.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshrelay.controlplane.config.ByteSize;
import io.meshrelay.controlplane.config.HostPort;
import io.meshrelay.controlplane.config.LogLevel;
import io.meshrelay.controlplane.config.NodeConfig;
import io.meshrelay.controlplane.node.NodeRuntime;
import io.meshrelay.relaycore.leg.Latching;
import io.meshrelay.relaycore.testing.Ports;
import io.meshrelay.relaycore.transport.PortRange;
import io.meshrelay.relaycore.transport.TransportKind;
import io.meshrelay.srtp.SrtpSuite;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The generator drives a real meshrelay node through its REST API, plain and SRTP (the node
 * unprotects with the generator's key and re-protects with the key it answered), and cleans up.
 */
@Timeout(120)
class MeshrelayLoadIT {
    private static NodeRuntime node;
    private static MeshrelayApi api;
    private static LoadGenerator gen;

    @BeforeAll
    static void start() throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        int low = 20_000 + 100 * ThreadLocalRandom.current().nextInt(100); // a random block: parallel builds
        int trunk = Ports.freeUdp();
        int http = Ports.freeTcp();
        NodeConfig cfg = new NodeConfig(new NodeConfig.Identity("bench-it", "test", null, null),
                new NodeConfig.Network(lo, lo, new PortRange(low, low + 99), trunk, new HostPort("127.0.0.1", http)),
                new NodeConfig.DataPlane(1, TransportKind.AUTO, new ByteSize(4 << 20), 46, 1500, 0, 2000, Latching.LEARN,
                        Duration.ofSeconds(2)),
                null, // a standalone node
                LogLevel.warn);
        node = NodeRuntime.start(cfg);
        InetSocketAddress a = node.apiAddress();
        api = new MeshrelayApi("127.0.0.1:" + a.getPort());
        gen = new LoadGenerator(TransportKind.AUTO);
    }

    @AfterAll
    static void stop() {
        if (gen != null) {
            gen.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private static InetSocketAddress ephemeral() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    @Test
    void forwardsEveryPlainPacketLegToLegAndDeletesItsSessions() throws Exception {
        MeshrelayTarget t = new MeshrelayTarget(api, null, "it-plain-");
        LoadResult r = gen.run(LoadSpec.of("plain", 3, 1500, 1).withEphemeralPorts(), t, ephemeral());
        assertTrue(r.sent() > 0);
        assertEquals(r.sent(), r.unique(), r.summaryLine());
        assertEquals(0, r.duplicates());
        assertEquals(3, r.flowsSeen());
        assertEquals(0, t.lastSocketDrops(), "the node's leg sockets dropped nothing");
        for (int i = 0; i < 3; i++) {
            assertEquals(false, api.deleteSession("it-plain-" + i), "session " + i + " was deleted by teardown");
        }
    }

    @Test
    void reProtectsSrtpWithTheKeyTheNodeAnswered() throws Exception {
        MeshrelayTarget t = new MeshrelayTarget(api, SrtpSuite.AES_CM_128_HMAC_SHA1_80, "it-srtp-");
        LoadResult r = gen.run(LoadSpec.of("srtp", 2, 1000, 1).withEphemeralPorts(), t, ephemeral());
        assertEquals("AES_CM_128_HMAC_SHA1_80", r.srtpSuite());
        assertTrue(r.sent() > 0);
        assertEquals(0, r.srtpFailures(), "every packet authenticated under the answered key");
        assertEquals(r.sent(), r.unique(), r.summaryLine());
        assertEquals(0, r.duplicates());
    }
}
