package io.meshrelay.controlplane.path;

import static io.meshrelay.controlplane.path.TestMesh.mesh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshrelay.controlplane.api.Json;
import io.meshrelay.controlplane.lsdb.LsdbSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathReportTest {
    private static PathQuery query(String from, String to, int k, int backups, PathConstraints c) {
        return new PathQuery(from, to, k, backups, PathWeights.LATENCY_ONLY, c);
    }

    @Test
    void saysWhenFewerPathsOrOnlyOverlappingBackupsExist() {
        LsdbSnapshot s = mesh().node("s", "r").node("m", "r").node("x", "r").node("y", "r").node("t", "r")
                .link("s", "m", 1).link("m", "x", 1).link("x", "t", 1).link("m", "y", 2).link("y", "t", 2).snapshot();
        PathReport r = PathReport.of(s, query("s", "t", 4, 2, PathConstraints.NONE));
        assertEquals(List.of(
                "only 2 loopless paths meet the constraints (asked for 4)",
                "found 1 of 2 backups: no other path meets the constraints",
                "backup 1 shares transit node m with the primary: no node-disjoint path meets the constraints"),
                r.warnings());
    }

    @Test
    void explainsNoPath() {
        LsdbSnapshot s = mesh().node("s", "r").node("a", "r").node("t", "r").node("down", "r", 0, false)
                .link("s", "a", 10).link("a", "t", 10).link("s", "down", 1).snapshot();
        PathReport tooTight = PathReport.of(s, query("s", "t", 4, 1, PathConstraints.NONE.withMaxHops(1)));
        assertNull(tooTight.primary());
        assertEquals(List.of("no path meets the constraints; without them the best is s > a > t (2 hops, 10.0 ms, "
                + "bottleneck unmeasured)"), tooTight.warnings());
        assertEquals(List.of("no path: destination 'down' is down"),
                PathReport.of(s, query("s", "down", 4, 1, PathConstraints.NONE)).warnings());
    }

    @Test
    void notesThatAnAvoidedRegionMayStillHoldTheEnds() {
        LsdbSnapshot s = mesh().node("s", "eu").node("a", "us").node("t", "eu").link("s", "a", 1).link("a", "t", 1)
                .link("s", "t", 5).snapshot();
        PathReport r = PathReport.of(s, query("s", "t", 2, 0, PathConstraints.NONE.withAvoidRegions(List.of("eu"))));
        assertEquals(List.of("s", "a", "t"), r.primary().nodes());
        assertTrue(r.warnings().contains("region 'eu' is avoided for transit only: it holds 's', an end of the path"),
                r.warnings().toString());
    }

    @Test
    void jsonHasEveryFieldInDeclaredOrderAndNullForUnknowns() throws Exception {
        LsdbSnapshot s = mesh().node("s", "r").node("t", "r").link("s", "t", 4).snapshot();
        JsonNode json = Json.MAPPER.readTree(Json.bytes(PathReport.of(s, query("s", "t", 1, 0, PathConstraints.NONE))));
        assertEquals(List.of("query", "lsdb", "paths", "primary", "backups", "complete", "warnings"), fieldNames(json));
        assertEquals(List.of("rank", "nodes", "cost", "hops", "latencyMs", "rttMs", "jitterMs", "loss",
                "bottleneckBandwidthMbps", "maxLoad", "maxLoadNode", "regions"), fieldNames(json.at("/primary")));
        assertTrue(json.at("/primary/bottleneckBandwidthMbps").isNull());
        assertTrue(json.at("/query/constraints/maxHops").isNull());
        assertEquals(2.0, json.at("/primary/latencyMs").asDouble());
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
