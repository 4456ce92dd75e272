package io.meshrelay.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshrelay.relaycore.DataPlane;
import io.meshrelay.relaycore.forward.Path;
import io.meshrelay.relaycore.forward.PathSet;
import io.meshrelay.relaycore.leg.Leg;
import io.meshrelay.relaycore.leg.LegSpec;
import io.meshrelay.relaycore.session.Session;
import io.meshrelay.relaycore.testing.TestNodes;
import io.meshrelay.relaycore.transport.TransportKind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The generator through a mesh of three in-process data planes: each flow enters at node 1,
 * crosses node 2 in transit (segment routing) and leaves at node 3. The REST API cannot build a
 * mesh yet, so this drives relay-core's programmatic API as the control plane will.
 */
@Timeout(120)
class MeshLoadIT {
    /** Flows ingress at node 1, egress at node 3 over the path 1 -> 2 -> 3. */
    private static final class ThreeNodeMesh implements Target {
        private final DataPlane a;
        private final DataPlane c;
        private final List<String> sessions = new ArrayList<>();

        ThreeNodeMesh(DataPlane a, DataPlane c) {
            this.a = a;
            this.c = c;
        }

        @Override
        public String name() {
            return "mesh-3";
        }

        @Override
        public Flows setup(int flows, InetSocketAddress receiver) throws Exception {
            List<InetSocketAddress> targets = new ArrayList<>();
            for (int i = 0; i < flows; i++) {
                String id = "mesh-" + i;
                Session sa = a.createSession(id);
                Session sc = c.createSession(id);
                Leg in = a.addLeg(sa, LegSpec.plain("tx", null));
                c.addLeg(sc, LegSpec.plain("rx", receiver));
                a.installPathSet(sa, 3, PathSet.single(1, new Path(1, 2, 3)), 0);
                sessions.add(id);
                targets.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), in.port()));
            }
            return new Flows(targets, null, null);
        }

        @Override
        public void teardown(int flows) {
            for (String id : sessions) {
                a.removeSession(id);
                c.removeSession(id);
            }
            sessions.clear();
        }
    }

    @Test
    void deliversEveryPacketOnceAcrossATwoHopPath() throws Exception {
        try (TestNodes nodes = new TestNodes(); LoadGenerator gen = new LoadGenerator(TransportKind.AUTO)) {
            DataPlane a = nodes.start(1);
            DataPlane b = nodes.start(2);
            DataPlane c = nodes.start(3);
            LoadResult r = gen.run(LoadSpec.of("mesh", 3, 1500, 1).withEphemeralPorts(), new ThreeNodeMesh(a, c),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            assertTrue(r.sent() > 0);
            assertEquals(r.sent(), r.unique(), r.summaryLine());
            assertEquals(0, r.duplicates());
            assertEquals(r.sent(), b.stats().framesTransit(), "every packet crossed node 2 as a transit frame");
        }
    }
}
