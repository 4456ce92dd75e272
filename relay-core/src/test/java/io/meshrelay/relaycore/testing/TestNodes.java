package io.meshrelay.relaycore.testing;

import io.meshrelay.relaycore.DataPlane;
import io.meshrelay.relaycore.DataPlaneConfig;
import io.meshrelay.relaycore.frame.TrunkAuth;
import io.meshrelay.relaycore.transport.PortRange;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Data planes on loopback sharing one trunk key, each with its own slice of media ports. */
public final class TestNodes implements AutoCloseable {
    private final List<DataPlane> nodes = new ArrayList<>();
    private final byte[] key = new byte[16];
    private final int portBase;

    public TestNodes() {
        new SecureRandom().nextBytes(key);
        // a random 500-port block per test mesh: parallel builds on the same machine rarely collide,
        // and a collision only makes addLeg try the next port
        portBase = 20_000 + 500 * ThreadLocalRandom.current().nextInt(20);
    }

    public TrunkAuth auth() {
        return new TrunkAuth(1, key);
    }

    /** Starts node {@code index} (>= 1) with {@code ioThreads} threads; all nodes learn each other's trunk. */
    public DataPlane start(int index, int ioThreads) throws Exception {
        return start(index, ioThreads, java.util.function.UnaryOperator.identity());
    }

    /** As {@link #start(int, int)}, with the loopback config adjusted by {@code tune}. */
    public DataPlane start(int index, int ioThreads, java.util.function.UnaryOperator<DataPlaneConfig> tune)
            throws Exception {
        int low = portBase + 50 * (index % 10);
        DataPlaneConfig cfg = tune.apply(DataPlaneConfig.loopback(index, new PortRange(low, low + 49))
                .withIoThreads(ioThreads));
        DataPlane dp = DataPlane.start(cfg, auth());
        for (DataPlane other : nodes) {
            other.setPeer(index, dp.trunkAddress());
            dp.setPeer(other.nodeIndex(), other.trunkAddress());
        }
        nodes.add(dp);
        return dp;
    }

    /** Node {@code index} on epoll with one I/O thread and no per-leg budget: for streams faster than a participant's. */
    public DataPlane startUnbudgeted(int index) throws Exception {
        return start(index, 1, c -> c.withTransport(io.meshrelay.relaycore.transport.TransportKind.EPOLL)
                .withLegBudget(0, 0));
    }

    public DataPlane start(int index) throws Exception {
        return start(index, 1);
    }

    @Override
    public void close() {
        for (DataPlane dp : nodes) {
            dp.close();
        }
    }
}
