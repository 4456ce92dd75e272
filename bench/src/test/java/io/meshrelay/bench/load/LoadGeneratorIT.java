package io.meshrelay.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshrelay.relaycore.transport.TransportKind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The generator against itself (no relay): every packet sent is received once and measured. */
@Timeout(60)
class LoadGeneratorIT {
    private static LoadGenerator gen;

    @BeforeAll
    static void start() {
        gen = new LoadGenerator(TransportKind.AUTO);
    }

    @AfterAll
    static void stop() {
        gen.close();
    }

    private static InetSocketAddress ephemeral() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    @Test
    void deliversEveryPacketOfEveryFlowExactlyOnceWithoutARelay() throws Exception {
        LoadSpec spec = LoadSpec.of("direct", 4, 2000, 1).withEphemeralPorts();
        LoadResult r = gen.run(spec, new DirectTarget(), ephemeral());
        assertTrue(r.sent() > 0, "sent " + r.sent());
        assertEquals(r.sent() + r.skipped() + r.unwritable(), r.planned(), "every planned packet sent or skipped");
        assertEquals(r.sent(), r.unique(), "received " + r.unique() + " of " + r.sent());
        assertEquals(0, r.lost());
        assertEquals(0, r.duplicates());
        assertEquals(0, r.foreign() + r.stale() + r.srtpFailures());
        assertEquals(4, r.flowsSeen());
        assertEquals(r.unique(), r.latencyCount(), "one latency sample per first copy");
        assertTrue(r.p50Us() > 0 && r.p50Us() <= r.p99Us() && r.p99Us() <= r.maxUs() + 1, r.summaryLine());
        assertEquals("loadgen-java", r.toJson().get("tool").asText());
        assertEquals(r.sent(), r.toJson().get("expected").asLong());
    }

    @Test
    void keepsPointsApartByRunId() throws Exception {
        LoadSpec spec = LoadSpec.of("a", 1, 1000, 0.3).withEphemeralPorts();
        LoadResult a = gen.run(spec, new DirectTarget(), ephemeral());
        LoadResult b = gen.run(spec, new DirectTarget(), ephemeral());
        assertTrue(a.runId() != b.runId());
        assertEquals(b.sent(), b.unique());
        assertEquals(0, b.stale());
    }
}
