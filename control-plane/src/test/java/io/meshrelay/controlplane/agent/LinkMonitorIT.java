package io.meshrelay.controlplane.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshrelay.relaycore.DataPlane;
import io.meshrelay.relaycore.testing.LinkEmulator;
import io.meshrelay.relaycore.testing.LinkEmulator.Impairment;
import io.meshrelay.relaycore.testing.TestNodes;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Probing a real trunk link through the WAN emulator. */
@Timeout(90)
class LinkMonitorIT {
    private TestNodes nodes;
    private LinkEmulator link;
    private LinkMonitor monitor;
    private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
    private Thread agent;
    private volatile boolean running = true;

    @BeforeEach
    void start() throws Exception {
        nodes = new TestNodes();
        DataPlane a = nodes.start(1);
        DataPlane b = nodes.start(2);
        link = LinkEmulator.start(a.trunkAddress(), b.trunkAddress());
        a.setPeer(2, link.addressForA());
        ProbeSettings fast = new ProbeSettings(Duration.ofMillis(100), Duration.ofMillis(20), Duration.ofMillis(150), 50,
                Duration.ofSeconds(1), 8, 1200);
        monitor = new LinkMonitor(a, fast, new LinkMonitor.Listener() {
            @Override
            public void linkDown(int peer) {
                events.add("down " + peer);
            }

            @Override
            public void linkUp(int peer) {
                events.add("up " + peer);
            }
        });
        a.setProbeListener(monitor);
        synchronized (this) {
            monitor.setPeers(Set.of(2), System.nanoTime());
            monitor.setActive(Set.of(2));
        }
        agent = new Thread(() -> {
            while (running) {
                synchronized (this) {
                    monitor.tick(System.nanoTime());
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "test-agent");
        agent.start();
    }

    @AfterEach
    void stop() throws Exception {
        running = false;
        agent.join(2000);
        link.close();
        nodes.close();
    }

    private LinkMeasurement now() {
        synchronized (this) {
            return monitor.measurement(2);
        }
    }

    private static void await(BooleanSupplier cond, long timeoutMs, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!cond.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void measuresRoundTripTimeOfTheEmulatedLink() throws Exception {
        link.setBoth(Impairment.delay(20));
        await(() -> now().samples() >= 30, 20_000, "30 probes");
        double rtt = now().rttMs();
        assertTrue(rtt > 38 && rtt < 80, "rtt " + rtt + " for 2 x 20 ms");
        assertEquals(0.0, now().loss(), 0.05);
        assertTrue(now().up());
    }

    @Test
    void estimatesLossOverTheWindow() throws Exception {
        link.setAtoB(new Impairment(0, 0, 0.3, false));
        await(() -> now().samples() >= 50, 30_000, "a full loss window");
        Thread.sleep(1500); // a second full window with the impairment only
        double loss = now().loss();
        assertTrue(loss > 0.1 && loss < 0.55, "loss " + loss + " for 30% emulated");
    }

    @Test
    void reportsBlackholedLinkDownAndBackUp() throws Exception {
        await(() -> now().samples() >= 10, 10_000, "first probes");
        link.setBoth(Impairment.blackholed());
        long t0 = System.nanoTime();
        await(() -> events.contains("down 2"), 5_000, "link down");
        long detectMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(detectMs < 1000, "detected after " + detectMs + " ms");
        assertTrue(!now().up());
        link.setBoth(Impairment.NONE);
        await(() -> events.contains("up 2"), 5_000, "link up");
    }

    @Test
    void estimatesBandwidthFromPacketTrains() throws Exception {
        await(() -> now().bandwidthMbps() > 0, 20_000, "a bandwidth estimate");
        // loopback carries gigabits, but on a busy 2-core host the responder's scheduling spreads a
        // train by milliseconds: only claim what any run shows, an estimate of at least a few Mbit/s
        assertTrue(now().bandwidthMbps() > 1, "estimate " + now().bandwidthMbps() + " Mbit/s");
    }
}
