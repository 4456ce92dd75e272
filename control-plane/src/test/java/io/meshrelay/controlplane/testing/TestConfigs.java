package io.meshrelay.controlplane.testing;

import io.meshrelay.controlplane.config.ByteSize;
import io.meshrelay.controlplane.config.HostPort;
import io.meshrelay.controlplane.config.LogLevel;
import io.meshrelay.controlplane.config.NodeConfig;
import io.meshrelay.relaycore.leg.Latching;
import io.meshrelay.relaycore.testing.Ports;
import io.meshrelay.relaycore.transport.PortRange;
import io.meshrelay.relaycore.transport.TransportKind;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Node configurations for in-process tests: loopback, free ports, a random media block. */
public final class TestConfigs {
    private TestConfigs() {
    }

    public static PortRange randomMediaRange(int size) {
        int low = 20_000 + size * ThreadLocalRandom.current().nextInt(10_000 / size);
        return new PortRange(low, low + size - 1);
    }

    public static NodeConfig node(String id, PortRange media) throws IOException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        return new NodeConfig(
                new NodeConfig.Identity(id, "test", null, null),
                new NodeConfig.Network(lo, lo, media, Ports.freeUdp(), new HostPort("127.0.0.1", Ports.freeTcp())),
                new NodeConfig.DataPlane(1, TransportKind.AUTO, new ByteSize(4 << 20), 46, 1500, 10_000, 2_000,
                        Latching.LEARN, Duration.ofSeconds(2)),
                null,
                LogLevel.info);
    }
}
