package io.meshrelay.controlplane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshrelay.controlplane.pki.MeshCertificates;
import io.meshrelay.controlplane.pki.NodeIdentity;
import io.meshrelay.controlplane.pki.PkiTesting;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PkiCommandTest {
    @TempDir
    Path dir;

    private Path initCa() {
        Path ca = dir.resolve("ca");
        CliRun run = CliRun.of("pki", "init", "--dir", ca.toString());
        assertEquals(0, run.exitCode(), run.err());
        return ca;
    }

    private static void assertOneLineUsageError(CliRun run, String expectedStart) {
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().startsWith("meshrelay: " + expectedStart), run.err());
        assertEquals(1, run.err().lines().filter(l -> l.startsWith("meshrelay:")).count(), run.err());
    }

    @Test
    void initWritesCaCertificateAndOwnerOnlyKey() {
        Path ca = initCa();
        assertEquals("rw-------", PkiTesting.mode(ca.resolve("ca.key")));
        assertEquals("rw-r--r--", PkiTesting.mode(ca.resolve("ca.crt")));
        assertEquals("rwx------", PkiTesting.mode(ca), "a directory init creates is private");
    }

    @Test
    void initRefusesToOverwriteAndLeavesTheCaAlone() throws IOException {
        Path ca = initCa();
        String before = Files.readString(ca.resolve("ca.key"));

        CliRun again = CliRun.of("pki", "init", "--dir", ca.toString());

        assertOneLineUsageError(again, ca.resolve("ca.crt") + " already exists; refusing to overwrite the mesh CA");
        assertTrue(again.err().contains("use --force"), again.err());
        assertEquals(before, Files.readString(ca.resolve("ca.key")));
    }

    @Test
    void initWithForceReplacesTheCa() throws IOException {
        Path ca = initCa();
        String before = Files.readString(ca.resolve("ca.key"));
        CliRun forced = CliRun.of("pki", "init", "--dir", ca.toString(), "--force");
        assertEquals(0, forced.exitCode(), forced.err());
        assertFalse(before.equals(Files.readString(ca.resolve("ca.key"))));
    }

    @Test
    void issueWritesALoadableTlsDirectoryWithExtraNames() throws Exception {
        Path ca = initCa();
        Path out = dir.resolve("n1");

        CliRun run = CliRun.of("pki", "issue", "--dir", ca.toString(), "--node-id", "relay-fra-1", "--out", out.toString(),
                "--days", "30", "--ip", "10.0.0.7", "--ip", "::1", "--dns", "relay-fra-1.example.org");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("certificate of node 'relay-fra-1' written to"), run.out());
        assertEquals("rw-------", PkiTesting.mode(out.resolve("node.key")));
        assertEquals("rw-r--r--", PkiTesting.mode(out.resolve("node.crt")));
        assertEquals(Files.readString(ca.resolve("ca.crt")), Files.readString(out.resolve("ca.crt")));
        NodeIdentity id = NodeIdentity.load(out);
        assertEquals("relay-fra-1", id.nodeId());
        var sans = id.certificate().getSubjectAlternativeNames();
        assertTrue(sans.contains(List.of(6, MeshCertificates.nodeUri("relay-fra-1"))), sans.toString());
        assertTrue(sans.contains(List.of(7, "10.0.0.7")), sans.toString());
        assertTrue(sans.contains(List.of(7, InetAddress.getByName("::1").getHostAddress())), sans.toString());
        assertTrue(sans.contains(List.of(2, "relay-fra-1.example.org")), sans.toString());
        long days = (id.certificate().getNotAfter().getTime() - id.certificate().getNotBefore().getTime()) / 86_400_000L;
        assertEquals(30, days, "30 days plus the few minutes of backdating");
    }

    @Test
    void badNodeIdExitsTwoWithOneLine() {
        Path ca = initCa();
        CliRun run = CliRun.of("pki", "issue", "--dir", ca.toString(), "--node-id", "bad/id", "--out",
                dir.resolve("x").toString());
        assertOneLineUsageError(run, "node-id: 'bad/id' must be 1-64 letters, digits");
        assertFalse(Files.exists(dir.resolve("x")), "nothing written for a rejected id");
    }

    @Test
    void missingCaDirectoryExitsTwoSayingHowToMakeOne() {
        CliRun run = CliRun.of("pki", "issue", "--dir", dir.resolve("none").toString(), "--node-id", "n1", "--out",
                dir.resolve("x").toString());
        assertOneLineUsageError(run, dir.resolve("none") + ": no such directory (create a mesh CA with 'meshrelay pki init");
    }

    @Test
    void missingNodeIdIsUsageError() {
        Path ca = initCa();
        CliRun run = CliRun.of("pki", "issue", "--dir", ca.toString(), "--out", dir.resolve("x").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Missing required option: '--node-id=ID'"), run.err());
    }

    @Test
    void nodeIdFromTheEnvironmentIsUsedAndSaidSo() {
        Path ca = initCa();
        CliRun run = CliRun.of(Map.of("MESHRELAY_NODE_ID", "from-env"), "pki", "issue", "--dir", ca.toString(),
                "--out", dir.resolve("x").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("certificate of node 'from-env' (node id from env MESHRELAY_NODE_ID)"), run.out());
    }

    @Test
    void hostNameGivenAsIpIsRejected() {
        Path ca = initCa();
        CliRun run = CliRun.of("pki", "issue", "--dir", ca.toString(), "--node-id", "n1", "--out",
                dir.resolve("x").toString(), "--ip", "example.org");
        assertOneLineUsageError(run, "ip: 'example.org' is not an IP address");
    }

    @Test
    void badDnsNameIsRejected() {
        Path ca = initCa();
        CliRun run = CliRun.of("pki", "issue", "--dir", ca.toString(), "--node-id", "n1", "--out",
                dir.resolve("x").toString(), "--dns", "under_score.example");
        assertOneLineUsageError(run, "dns: 'under_score.example' is not a DNS name");
    }

    @Test
    void daysOutOfRangeAreRejected() {
        assertOneLineUsageError(CliRun.of("pki", "init", "--dir", dir.toString(), "--days", "0"), "days: 0 is outside 1-36500");
        Path ca = initCa();
        CliRun tooLong = CliRun.of("pki", "issue", "--dir", ca.toString(), "--node-id", "n1", "--out",
                dir.resolve("x").toString(), "--days", "4000");
        assertOneLineUsageError(tooLong, "days: a node certificate valid until");
    }

    @Test
    void issueRefusesToReplaceANodeKeyUnlessForced() {
        Path ca = initCa();
        String[] args = {"pki", "issue", "--dir", ca.toString(), "--node-id", "n1", "--out", dir.resolve("n1").toString()};
        assertEquals(0, CliRun.of(args).exitCode());
        assertOneLineUsageError(CliRun.of(args), dir.resolve("n1").resolve("node.key") + " already exists");
        String[] forced = Arrays.copyOf(args, args.length + 1);
        forced[args.length] = "--force";
        assertEquals(0, CliRun.of(forced).exitCode());
    }

    @Test
    void checkReportsTheNodeIdOfAGoodDirectoryAndNamesTheFileOfABadOne() throws IOException {
        Path ca = initCa();
        Path out = dir.resolve("n1");
        assertEquals(0, CliRun.of("pki", "issue", "--dir", ca.toString(), "--node-id", "n1", "--out", out.toString())
                .exitCode());

        CliRun good = CliRun.of("pki", "check", "--tls-dir", out.toString());
        assertEquals(0, good.exitCode(), good.err());
        assertTrue(good.out().startsWith("node id: n1\n"), good.out());

        Files.copy(ca.resolve("ca.key"), out.resolve("node.key"), StandardCopyOption.REPLACE_EXISTING);
        assertOneLineUsageError(CliRun.of("pki", "check", "--tls-dir", out.toString()),
                out.resolve("node.key") + ": does not match the certificate in " + out.resolve("node.crt"));
    }

    @Test
    void pkiWithoutSubcommandIsUsageErrorAndHelpListsThem() {
        CliRun bare = CliRun.of("pki");
        assertEquals(2, bare.exitCode());
        assertTrue(bare.err().contains("Missing required subcommand"), bare.err());
        CliRun help = CliRun.of("pki", "--help");
        assertEquals(0, help.exitCode());
        for (String sub : new String[] {"init", "issue", "check"}) {
            assertTrue(help.out().contains("  " + sub + " "), help.out());
        }
        assertTrue(CliRun.of("--help").out().contains("pki"));
    }
}
