package io.meshrelay.controlplane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshrelay.controlplane.api.Json;
import io.meshrelay.controlplane.config.ConfigSources;
import io.meshrelay.controlplane.path.PathConstraints;
import io.meshrelay.controlplane.path.PathQuery;
import io.meshrelay.controlplane.path.PathWeights;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MeshPathsCommandTest {
    private static final String RTT = Path.of("src/test/resources/lsdb/rtt-100-nodes.json").toString();
    private static final String SMALL = Path.of("src/test/resources/lsdb/small-mesh.json").toString();

    @TempDir
    Path dir;

    /** Parses a command line the way {@code meshrelay} does and returns the query it asks. */
    private static PathQuery parse(Map<String, String> env, String... args) {
        CliContext ctx = new CliContext(env, new ConfigSources(env, null), new PrintWriter(Writer.nullWriter()),
                new PrintWriter(Writer.nullWriter()));
        CommandLine cl = Meshrelay.newCommandLine(ctx, args);
        CommandLine.ParseResult pr = cl.parseArgs(args);
        return ((MeshPathsCommand) pr.subcommand().subcommand().commandSpec().userObject()).query();
    }

    @Test
    void flagsBecomeTheQuery() {
        PathQuery q = parse(Map.of(), "mesh", "paths", "--lsdb", RTT, "--from", "38", "--to", "91", "--k", "6",
                "--backups", "2", "--weight-latency", "2", "--weight-jitter", "0.5", "--weight-loss", "10",
                "--weight-load", "0", "--weight-bandwidth", "3", "--max-hops", "3", "--max-latency", "150ms",
                "--min-bandwidth", "20", "--avoid-nodes", "23,59", "--avoid-regions", "r43");
        assertEquals(new PathQuery("38", "91", 6, 2, new PathWeights(2, 0.5, 10, 0, 3),
                new PathConstraints(3, 150.0, 20.0, List.of("23", "59"), List.of("r43"))), q);
    }

    @Test
    void defaultsAreTheLibraryDefaultsAndEnvironmentOverridesThem() {
        PathQuery q = parse(Map.of(), "mesh", "paths", "--lsdb", RTT, "--from", "38", "--to", "91");
        assertEquals(PathQuery.of("38", "91"), q);
        PathQuery env = parse(Map.of("MESHRELAY_WEIGHT_LOSS", "5", "MESHRELAY_AVOID_NODES", "1,2"),
                "mesh", "paths", "--lsdb", RTT, "--from", "38", "--to", "91", "--weight-loss", "7");
        assertEquals(7.0, env.weights().loss(), "flag beats environment");
        assertEquals(List.of("1", "2"), env.constraints().avoidNodes());
    }

    @Test
    void tableShowsTheRankedPathsPrimaryAndBackupOnTheRealRttData() {
        CliRun run = CliRun.of("mesh", "paths", "--lsdb", RTT, "--from", "38", "--to", "91", "--k", "4");
        assertEquals(0, run.exitCode(), run.err());
        String out = run.out();
        assertTrue(out.startsWith("38 -> 91: 4 of 4 paths, 1 backup  (LSDB epoch 0: 100 nodes, 9900 links, 8 regions)"), out);
        assertTrue(out.matches("(?s).*\\nRANK +ROLE +PATH +COST +LATENCY +LOSS +JITTER +BOTTLENECK +MAX LOAD +REGIONS +HOPS\\n.*"), out);
        assertTrue(out.matches("(?s).*\\n1 +primary +38 > 23 > 91 +18\\.00 +18\\.0 ms +0\\.00% +0\\.0 ms +unmeasured +0% \\(23\\) +r88,r43 +2\\n.*"),
                out);
        assertTrue(out.contains("backup: 38 > 88 > 91 (node-and-region-disjoint"), out);
        assertEquals("", run.err());
    }

    @Test
    void jsonIsTheReportWithQueryPathsAndPlan() throws IOException {
        CliRun run = CliRun.of("mesh", "paths", "--lsdb", SMALL, "--from", "fra-1", "--to", "nyc-1", "--format", "json",
                "--backups", "2");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode r = Json.MAPPER.readTree(run.out());
        assertEquals("fra-1", r.at("/query/from").asText());
        assertEquals(50.0, r.at("/query/weights/loss").asDouble());
        assertEquals(7, r.at("/lsdb/epoch").asInt());
        assertEquals(4, r.at("/paths").size());
        assertEquals("[\"fra-1\",\"lon-1\",\"nyc-1\"]", r.at("/primary/nodes").toString());
        assertEquals(500.0, r.at("/primary/bottleneckBandwidthMbps").asDouble());
        assertEquals("NODE_AND_REGION_DISJOINT", r.at("/backups/0/diversity").asText());
        assertEquals("[\"fra-1\",\"nyc-1\"]", r.at("/backups/0/path/nodes").toString());
        assertEquals("NODE_DISJOINT", r.at("/backups/1/diversity").asText());
        assertTrue(r.at("/complete").asBoolean());
    }

    @Test
    void downLinkInTheSnapshotIsNotUsed() {
        CliRun run = CliRun.of("mesh", "paths", "--lsdb", SMALL, "--from", "fra-2", "--to", "nyc-1", "--k", "10",
                "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        assertFalse(run.out().contains("\"fra-2\", \"nyc-1\" ]"), "fra-2 -> nyc-1 is down");
    }

    @Test
    void constraintsChangeTheAnswer() {
        CliRun run = CliRun.of("mesh", "paths", "--lsdb", RTT, "--from", "38", "--to", "91", "--avoid-regions", "r43",
                "--k", "1", "--backups", "0");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("constraints: avoid regions r43"), run.out());
        assertTrue(run.out().matches("(?s).*\\n1 +primary +38 > 88 > 91 .*"), run.out());
    }

    @Test
    void noPathExitsOneAndSaysWhatWouldWorkWithoutTheConstraints() {
        CliRun run = CliRun.of("mesh", "paths", "--lsdb", RTT, "--from", "38", "--to", "91", "--max-latency", "10ms");
        assertEquals(1, run.exitCode());
        assertTrue(run.out().contains("warning: no path meets the constraints; without them the best is 38 > 23 > 91"
                + " (2 hops, 18.0 ms, bottleneck unmeasured)"), run.out());
    }

    @Test
    void unknownNodeExitsTwoOnOneLine() {
        CliRun run = CliRun.of("mesh", "paths", "--lsdb", SMALL, "--from", "fra-3", "--to", "nyc-1");
        assertEquals(2, run.exitCode());
        assertEquals("meshrelay: --from: unknown node 'fra-3' (did you mean 'fra-1'?) in " + SMALL + "\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    void badLsdbFileExitsTwoOnOneLineNamingFileAndPlace() throws IOException {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"version\": 1, \"nodes\": [{\"id\": \"a\", \"region\": \"r\", \"load\": 0}],\n"
                + " \"links\": [{\"from\": \"a\", \"to\": \"b\", \"rttMs\": 1}]}");
        CliRun run = CliRun.of("mesh", "paths", "--lsdb", f.toString(), "--from", "a", "--to", "b");
        assertEquals(2, run.exitCode());
        assertEquals("meshrelay: --lsdb " + f + ": links[0].to: unknown node 'b'\n", run.err());

        Files.writeString(f, "{\"version\": 1, \"nodes\": [");
        run = CliRun.of("mesh", "paths", "--lsdb", f.toString(), "--from", "a", "--to", "b");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("meshrelay: --lsdb " + f + ": not valid JSON (line 1"), run.err());
        assertEquals(1, run.err().split("\n").length);

        run = CliRun.of("mesh", "paths", "--lsdb", dir.resolve("missing.json").toString(), "--from", "a", "--to", "b");
        assertEquals(2, run.exitCode());
        assertEquals("meshrelay: --lsdb " + dir.resolve("missing.json") + ": no such file\n", run.err());
    }

    @Test
    void badWeightOrLimitIsAUsageError() {
        CliRun run = CliRun.of("mesh", "paths", "--lsdb", RTT, "--from", "38", "--to", "91", "--weight-loss", "-1");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("meshrelay: Invalid value for option '--weight-loss': '-1' must be a finite number >= 0"),
                run.err());
        run = CliRun.of(Map.of("MESHRELAY_MAX_HOPS", "0"), "mesh", "paths", "--lsdb", RTT, "--from", "38", "--to", "91");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("'0' must be >= 1 (from environment variable MESHRELAY_MAX_HOPS)"), run.err());
        run = CliRun.of("mesh", "paths", "--lsdb", RTT, "--from", "38", "--to", "91", "--avoid-nodes", "91");
        assertEquals("meshrelay: --avoid-nodes: '91' is an end of the path; only transit nodes can be avoided\n", run.err());
        run = CliRun.of("mesh", "paths", "--lsdb", RTT, "--from", "38", "--to", "91", "--k", "0");
        assertEquals("meshrelay: --k: must be within 1..64, got 0\n", run.err());
        run = CliRun.of("mesh", "paths", "--lsdb", RTT, "--from", "38", "--to", "91", "--avoid-regions", "mars");
        assertTrue(run.err().startsWith("meshrelay: --avoid-regions: unknown region 'mars' (regions: r0, r2,"), run.err());
    }

    @Test
    void helpListsEveryFlagWithItsDefault() {
        CliRun run = CliRun.of("mesh", "paths", "--help");
        assertEquals(0, run.exitCode());
        for (String flag : List.of("--lsdb", "--from", "--to", "--k", "--backups", "--format", "--weight-latency",
                "--weight-jitter", "--weight-loss", "--weight-load", "--weight-bandwidth", "--max-hops", "--max-latency",
                "--min-bandwidth", "--avoid-nodes", "--avoid-regions")) {
            assertTrue(run.out().contains(flag), flag);
        }
        assertTrue(run.out().contains("Default: " + PathWeights.DEFAULT_LOSS + "."), run.out());
        assertTrue(run.out().contains("Output: table, json. Default: table."), run.out());
    }
}
