package io.meshrelay.controlplane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeRunConfigTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        Path f = dir.resolve("meshrelay.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void flagBeatsEnvBeatsFileBeatsDefault() throws IOException {
        Path f = file("trunk-port: 7001\nregion: file-region\nnode-id: file-node\nmedia-ports: 30000-30999\n");
        Map<String, String> env = Map.of("MESHRELAY_TRUNK_PORT", "7002", "MESHRELAY_REGION", "env-region");
        CliRun run = CliRun.of(env, "node", "run", "--config", f.toString(), "--trunk-port", "7003", "--print-config");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("trunk-port: 7003 # flag --trunk-port", run.configLine("trunk-port"));
        assertEquals("region: env-region # env MESHRELAY_REGION", run.configLine("region"));
        assertEquals("node-id: file-node # file " + f + ", key node-id", run.configLine("node-id"));
        assertEquals("media-ports: 30000-30999 # file " + f + ", key media-ports", run.configLine("media-ports"));
        assertEquals("api: 127.0.0.1:7780 # default", run.configLine("api"));
    }

    @Test
    void configFileComesFromEnvironmentWhenNoFlag() throws IOException {
        Path f = file("region: from-file\n");
        CliRun run = CliRun.of(Map.of("MESHRELAY_CONFIG", f.toString()), "node", "run", "--print-config");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.configLine("region").startsWith("region: from-file # file"));
    }

    @Test
    void printedConfigIsAValidConfigFileForTheSameNode() throws IOException {
        CliRun first = CliRun.of("node", "run", "--node-id", "n7", "--media-ports", "41000-41999", "--print-config");
        Path f = file(first.out());
        CliRun second = CliRun.of("node", "run", "--config", f.toString(), "--print-config");
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.configLine("media-ports").startsWith("media-ports: 41000-41999 # file"));
        assertTrue(second.configLine("node-id").startsWith("node-id: n7 # file"));
    }

    @Test
    void badPortRangeFlagExitsTwoNamingTheFlag() {
        CliRun run = CliRun.of("node", "run", "--media-ports", "50000-40000");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("meshrelay: Invalid value for option '--media-ports'"), run.err());
        assertTrue(run.err().contains("50000-40000"), run.err());
    }

    @Test
    void nonNumericPortRangeExitsTwo() {
        CliRun run = CliRun.of("node", "run", "--media-ports", "lots");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("'lots' is not a port range"), run.err());
    }

    @Test
    void badPathPolicyStopsEvenAStandaloneNode() {
        CliRun mode = CliRun.of("node", "run", "--path-mode", "sideways", "--print-config");
        assertEquals(2, mode.exitCode(), mode.out());
        assertTrue(mode.err().contains("path-mode: 'sideways' must be single or redundant"), mode.err());
        CliRun overlap = CliRun.of(Map.of("MESHRELAY_SWITCH_OVERLAP", "20s"), "node", "run", "--print-config");
        assertEquals(2, overlap.exitCode(), overlap.out());
        assertTrue(overlap.err().contains("overlapMs"), overlap.err());
    }

    @Test
    void badPortRangeFromEnvironmentSaysWhichVariable() {
        CliRun run = CliRun.of(Map.of("MESHRELAY_MEDIA_PORTS", "0-10"), "node", "run");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("(from environment variable MESHRELAY_MEDIA_PORTS)"), run.err());
    }

    @Test
    void badPortRangeFromFileSaysWhichFileAndKey() throws IOException {
        Path f = file("media-ports: 40000-99999\n");
        CliRun run = CliRun.of("node", "run", "--config", f.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("(from config file " + f + ", key 'media-ports')"), run.err());
    }

    @Test
    void unknownConfigKeyExitsTwoNamingTheKeyAndTheNearestOne() throws IOException {
        Path f = file("media-port: 40000-49999\n");
        CliRun run = CliRun.of("node", "run", "--config", f.toString());
        assertEquals(2, run.exitCode());
        assertEquals("meshrelay: config file " + f + ": unknown key 'media-port' (did you mean 'media-ports'?)"
                + " for 'meshrelay node run'", run.err().trim());
    }

    @Test
    void unknownEnvironmentSettingExitsTwo() {
        CliRun run = CliRun.of(Map.of("MESHRELAY_TRUNKPORT", "7000"), "node", "run");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("MESHRELAY_TRUNKPORT is not a meshrelay setting (did you mean 'MESHRELAY_TRUNK_PORT'?)"),
                run.err());
    }

    @Test
    void brokenYamlExitsTwoWithLine() throws IOException {
        Path f = file("region: eu\n  media-ports: [\n");
        CliRun run = CliRun.of("node", "run", "--config", f.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("not valid YAML (line "), run.err());
    }

    @Test
    void nestedSectionsAreRejected() throws IOException {
        Path f = file("network:\n  trunk-port: 7000\n");
        CliRun run = CliRun.of("node", "run", "--config", f.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("key 'network' must be a plain value or a list"), run.err());
    }

    @Test
    void missingConfigFileExitsTwo() {
        CliRun run = CliRun.of("node", "run", "--config", dir.resolve("nope.yaml").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("no such file"), run.err());
    }

    @Test
    void trunkPortInsideMediaRangeIsRejected() {
        CliRun run = CliRun.of("node", "run", "--media-ports", "7000-8000", "--trunk-port", "7700");
        assertEquals(2, run.exitCode());
        assertEquals("meshrelay: trunk-port 7700 lies inside media-ports 7000-8000", run.err().trim());
    }

    @Test
    void invalidNodeIdIsRejectedByKey() {
        CliRun run = CliRun.of("node", "run", "--node-id", "has space");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("meshrelay: node-id: 'has space'"), run.err());
    }

    @Test
    void hostNameIsNotAcceptedAsBindAddress() {
        CliRun run = CliRun.of("node", "run", "--bind", "example.org");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("bind: 'example.org' is not an IP address"), run.err());
    }

    @Test
    void unknownFlagIsUsageError() {
        CliRun run = CliRun.of("node", "run", "--media-port", "1-2");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Unknown option") && run.err().contains("'--media-port'"), run.err());
    }

    @Test
    void helpExplainsEveryOptionAndExitsZero() {
        CliRun run = CliRun.of("node", "run", "--help");
        assertEquals(0, run.exitCode());
        for (String opt : new String[] {"--node-id", "--region", "--bind", "--media-ports", "--trunk-port", "--api",
            "--config", "--print-config", "--log-level"}) {
            assertTrue(run.out().contains(opt), opt);
        }
        assertTrue(run.out().contains("Default: 16384-32767"));
    }

    @Test
    void everyRunAndPathsHelpFormatsWithoutPicocliWarnings() {
        // an unescaped '%' in a description makes picocli warn on stderr and print the raw text
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            for (String[] cmd : new String[][] {{"node", "run"}, {"controller", "run"}, {"mesh", "paths"}}) {
                assertEquals(0, CliRun.of(cmd[0], cmd[1], "--help").exitCode(), String.join(" ", cmd));
            }
        } finally {
            System.setErr(saved);
        }
        String warnings = err.toString(StandardCharsets.UTF_8);
        assertTrue(!warnings.contains("picocli WARN"), warnings);
    }

    @Test
    void missingSubcommandIsUsageError() {
        CliRun run = CliRun.of("node");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Missing required subcommand"), run.err());
    }
}
