package io.meshrelay.controlplane.path;

import io.meshrelay.controlplane.lsdb.LoadFigures;
import io.meshrelay.controlplane.lsdb.LsdbLink;
import io.meshrelay.controlplane.lsdb.LsdbNode;
import io.meshrelay.controlplane.lsdb.LsdbSnapshot;
import java.util.ArrayList;
import java.util.List;

/** A small hand-drawn mesh for unit tests: nodes with regions and loads, links both ways by default. */
final class TestMesh {
    private final List<LsdbNode> nodes = new ArrayList<>();
    private final List<LsdbLink> links = new ArrayList<>();

    static TestMesh mesh() {
        return new TestMesh();
    }

    TestMesh node(String id, String region) {
        return node(id, region, 0, true);
    }

    TestMesh node(String id, String region, double load, boolean up) {
        nodes.add(new LsdbNode(id, region, null, null, up, load, LoadFigures.NONE));
        return this;
    }

    /** Both directions, RTT only. */
    TestMesh link(String a, String b, double rttMs) {
        links.add(LsdbLink.rttOnly(a, b, rttMs));
        links.add(LsdbLink.rttOnly(b, a, rttMs));
        return this;
    }

    /** One direction with every metric. */
    TestMesh arc(String from, String to, double rttMs, double jitterMs, double loss, Double bwMbps, boolean up) {
        links.add(new LsdbLink(from, to, rttMs, jitterMs, loss, bwMbps, up));
        return this;
    }

    LsdbSnapshot snapshot() {
        return new LsdbSnapshot(0, nodes, links);
    }

    PathFinder finder(PathWeights w) {
        return PathFinder.of(snapshot(), w);
    }

    PathFinder latencyFinder() {
        return finder(PathWeights.LATENCY_ONLY);
    }
}
