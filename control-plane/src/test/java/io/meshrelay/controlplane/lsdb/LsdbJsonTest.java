package io.meshrelay.controlplane.lsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LsdbJsonTest {
    static final Path SMALL_MESH = Path.of("src/test/resources/lsdb/small-mesh.json");
    static final Path RTT_100 = Path.of("src/test/resources/lsdb/rtt-100-nodes.json");

    @TempDir
    Path dir;

    private static String minimal(String nodes, String links) {
        return "{\"version\": 1, \"nodes\": [" + nodes + "], \"links\": [" + links + "]}";
    }

    private static final String AB = "{\"id\": \"a\", \"region\": \"r1\", \"load\": 0.1}, {\"id\": \"b\", \"region\": \"r2\", \"load\": 0.2}";

    private static String problem(String json) {
        return assertThrows(LsdbException.class, () -> LsdbJson.parse(json)).getMessage();
    }

    @Test
    void readsTheSampleMeshWithEveryField() {
        LsdbSnapshot s = LsdbJson.read(SMALL_MESH);
        assertEquals(7, s.epoch());
        assertEquals(5, s.nodes().size());
        assertEquals(18, s.links().size());
        assertEquals(List.of("eu-central", "eu-west", "us-east"), s.regions());
        LsdbNode fra = s.node("fra-1");
        assertEquals(50.11, fra.lat());
        assertEquals(0.30, fra.load());
        assertEquals(120, fra.figures().legs());
        assertEquals(52000.0, fra.figures().packetsPerSecond());
        LsdbLink parNyc = s.links().get(14);
        assertEquals("par-1", parNyc.from());
        assertNull(parNyc.availableBandwidthMbps());
        assertEquals(false, s.links().get(16).up());
    }

    @Test
    void exampleInTheDocsIsAValidSnapshot() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "paths.md"));
        int start = doc.indexOf("```json\n") + "```json\n".length();
        LsdbSnapshot s = LsdbJson.parse(doc.substring(start, doc.indexOf("```", start)));
        assertEquals(2, s.nodes().size());
        assertEquals(2, s.links().size());
    }

    @Test
    void writtenJsonReadsBackEqual() {
        LsdbSnapshot s = LsdbJson.read(SMALL_MESH);
        String json = LsdbJson.write(s);
        assertEquals(s, LsdbJson.parse(json));
        assertEquals(json, LsdbJson.write(LsdbJson.parse(json)), "writing is deterministic");
        // one element per line keeps diffs of big snapshots readable
        assertTrue(json.contains("\n    {\"from\": \"fra-1\", \"to\": \"fra-2\", \"rttMs\": 1.0,"), json);
    }

    @Test
    void optionalFieldsTakeTheirDefaults() {
        LsdbSnapshot s = LsdbJson.parse(minimal(AB, "{\"from\": \"a\", \"to\": \"b\", \"rttMs\": 12}"));
        LsdbLink l = s.links().get(0);
        assertEquals(new LsdbLink("a", "b", 12, 0, 0, null, true), l);
        assertTrue(s.nodes().get(0).up());
        assertEquals(0, s.epoch());
    }

    @Test
    void unknownFieldIsRejectedWithTheNearestName() {
        assertEquals("nodes[1].regoin: unknown field (did you mean 'region'?) (line 1, column 80)",
                problem(minimal("{\"id\": \"a\", \"region\": \"r1\", \"load\": 0.1}, {\"id\": \"b\", \"regoin\": \"r2\", \"load\": 0.2}", "")));
        assertTrue(problem("{\"version\": 1, \"nodez\": []}").startsWith("nodez: unknown field (did you mean 'nodes'?)"));
    }

    @Test
    void wrongTypeNamesTheFieldAndLine() {
        String msg = problem("{\"version\": 1,\n \"nodes\": [" + AB + "],\n \"links\": [{\"from\": \"a\", \"to\": \"b\", \"rttMs\": \"12\"}]}");
        assertEquals("links[0].rttMs: expected a number, got a string (line 3, column 46)", msg);
    }

    @Test
    void linkToUnknownNodeIsRejected() {
        assertEquals("links[0].to: unknown node 'c'", problem(minimal(AB, "{\"from\": \"a\", \"to\": \"c\", \"rttMs\": 1}")));
    }

    @Test
    void negativeRttIsRejected() {
        assertTrue(problem(minimal(AB, "{\"from\": \"a\", \"to\": \"b\", \"rttMs\": -3}"))
                .startsWith("links[0].rttMs: must be a finite number >= 0, got -3.0"));
    }

    @Test
    void lossAboveOneAndLoadAboveOneAreRejected() {
        assertTrue(problem(minimal(AB, "{\"from\": \"a\", \"to\": \"b\", \"rttMs\": 3, \"loss\": 2}"))
                .startsWith("links[0].loss: must be within 0..1, got 2.0"));
        assertTrue(problem(minimal("{\"id\": \"a\", \"region\": \"r\", \"load\": 1.5}", ""))
                .startsWith("nodes[0].load: must be within 0..1, got 1.5"));
    }

    @Test
    void duplicateNodeAndDuplicateLinkAreRejected() {
        assertEquals("nodes[1].id: duplicate node 'a' (also nodes[0])",
                problem(minimal("{\"id\": \"a\", \"region\": \"r\", \"load\": 0}, {\"id\": \"a\", \"region\": \"r\", \"load\": 0}", "")));
        String link = "{\"from\": \"a\", \"to\": \"b\", \"rttMs\": 1}";
        assertEquals("links[1]: duplicate link a -> b (also links[0])", problem(minimal(AB, link + ", " + link)));
    }

    @Test
    void selfLinkAndBadNodeIdAreRejected() {
        assertTrue(problem(minimal(AB, "{\"from\": \"a\", \"to\": \"a\", \"rttMs\": 1}"))
                .startsWith("links[0].to: a link cannot lead from 'a' to itself"));
        assertTrue(problem(minimal("{\"id\": \"a b\", \"region\": \"r\", \"load\": 0}", ""))
                .startsWith("nodes[0].id: 'a b' must be 1-64 letters"));
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        assertTrue(problem("{\"nodes\": [], \"links\": []}").startsWith("version: missing"));
        assertEquals("links: missing", problem("{\"version\": 1, \"nodes\": []}"));
        assertTrue(problem(minimal("{\"id\": \"a\", \"region\": \"r\"}", "")).startsWith("nodes[0].load: missing"));
        assertTrue(problem(minimal(AB, "{\"from\": \"a\", \"to\": \"b\"}")).startsWith("links[0].rttMs: missing"));
        assertTrue(problem(minimal("{\"region\": \"r\", \"load\": 0}", "")).startsWith("nodes[0].id: missing"));
    }

    @Test
    void latWithoutLonIsRejected() {
        assertTrue(problem(minimal("{\"id\": \"a\", \"region\": \"r\", \"load\": 0, \"lat\": 10}", ""))
                .startsWith("nodes[0].lon: give both lat and lon or neither"));
    }

    @Test
    void otherVersionsAndFormatsAreRefused() {
        assertEquals("version: this build reads LSDB version 1, the file has version 2",
                problem("{\"version\": 2, \"nodes\": [], \"links\": []}"));
        assertTrue(problem("{\"format\": \"other\", \"version\": 1, \"nodes\": [], \"links\": []}")
                .startsWith("format: expected \"meshrelay-lsdb\", got \"other\""));
    }

    @Test
    void regionsListMustAgreeWithTheNodes() {
        String nodes = "\"nodes\": [" + AB + "], \"links\": []}";
        assertTrue(problem("{\"version\": 1, \"regions\": [{\"id\": \"r1\", \"nodes\": [\"a\", \"b\"]}, "
                + "{\"id\": \"r2\", \"nodes\": [\"b\"]}], " + nodes)
                .startsWith("regions[0].nodes: [a, b] differs from the nodes whose region is 'r1': [a]"));
        assertTrue(problem("{\"version\": 1, \"regions\": [{\"id\": \"r1\", \"nodes\": [\"a\"]}], " + nodes)
                .startsWith("regions: region 'r2' of node 'b' is not listed"));
        LsdbSnapshot ok = LsdbJson.parse("{\"version\": 1, \"regions\": [{\"id\": \"r2\", \"nodes\": [\"b\"]}, "
                + "{\"id\": \"r1\", \"nodes\": [\"a\"]}], " + nodes);
        assertEquals(Map.of("r1", List.of("a"), "r2", List.of("b")), ok.nodesByRegion());
    }

    @Test
    void brokenJsonAndTrailingContentAreRejectedWithLine() {
        assertTrue(problem("{\"version\": 1,\n \"nodes\": [}").startsWith("not valid JSON (line 2"));
        assertEquals("unexpected content (an array) after the top-level object (line 1, column 42)",
                problem(minimal("", "") + " []"));
        assertEquals("empty file: expected a JSON object", problem(""));
        assertTrue(problem("[1, 2]").startsWith("expected a JSON object at the top, got an array"));
    }

    @Test
    void missingFileIsOneLine() {
        assertEquals("no such file",
                assertThrows(LsdbException.class, () -> LsdbJson.read(dir.resolve("nope.json"))).getMessage());
    }

    @Test
    void rttMatrixIsDetectedAndTurnedIntoSymmetricLinks() {
        LsdbSnapshot s = LsdbJson.parse("{\"0-1\": 10, \"0-2\": 30, \"1-2\": 15.5}");
        assertEquals(3, s.nodes().size());
        assertEquals(6, s.links().size());
        assertTrue(s.links().contains(LsdbLink.rttOnly("2", "1", 15.5)));
        assertTrue(s.links().contains(LsdbLink.rttOnly("1", "2", 15.5)));
    }

    @Test
    void rttMatrixErrorsNameTheKey() {
        assertTrue(problem("{\"0-1\": 10, \"1-0\": 11}")
                .startsWith("RTT matrix '1-0': pair already given as '0-1' with 10 ms (each unordered pair appears once)"));
        assertTrue(problem("{\"0-1\": 10, \"2-2\": 11}").startsWith("RTT matrix '2-2': a node has no RTT to itself"));
        assertTrue(problem("{\"0-1\": 10, \"1-2\": -1}").startsWith("RTT matrix '1-2': RTT must be a finite number of ms >= 0"));
        assertTrue(problem("{\"0-1\": 10, \"1-2\": \"x\"}").startsWith("'1-2': expected an RTT in ms, got a string"));
        assertTrue(problem("{\"0-1\": 10, \"a-b\": 3}").startsWith("RTT matrix 'a-b': an RTT matrix key must be \"A-B\""));
    }

    @Test
    void realRttDataLoadsAs100NodesIn8RegionsNamedAfterTheirMedoids() {
        LsdbSnapshot s = LsdbJson.read(RTT_100);
        assertEquals(100, s.nodes().size());
        assertEquals(9900, s.links().size());
        assertEquals(List.of("r0", "r2", "r35", "r37", "r43", "r5", "r51", "r88"), s.regions());
        for (String region : s.regions()) {
            String medoid = region.substring(1);
            assertEquals(region, s.node(medoid).region(), "a medoid belongs to its own region");
        }
        assertEquals("r88", s.node("38").region());
        assertEquals("r88", s.node("91").region());
        assertEquals("r43", s.node("23").region());
        assertEquals(s, LsdbJson.read(RTT_100), "clustering is deterministic");
    }

    @Test
    void converterWritesAnEditableSnapshotWithTheRequestedRegions() throws Exception {
        Path out = dir.resolve("lsdb.json");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = RttToLsdb.run(new String[] {"--regions", "5", RTT_100.toString(), out.toString()},
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()), new java.io.PrintStream(err));
        assertEquals(0, code, err.toString());
        LsdbSnapshot s = LsdbJson.read(out);
        assertEquals(5, s.regions().size());
        assertTrue(Files.readString(out).startsWith("{\n  \"format\": \"meshrelay-lsdb\",\n  \"version\": 1,"));
        assertEquals(2, RttToLsdb.run(new String[] {out.toString()}, System.out,
                new java.io.PrintStream(new java.io.ByteArrayOutputStream())), "an LSDB is not an RTT matrix");
    }
}
