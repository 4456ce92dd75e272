package io.meshrelay.controlplane.cli;

import io.meshrelay.controlplane.config.Addresses;
import io.meshrelay.controlplane.config.NodeConfig;
import io.meshrelay.controlplane.pki.MeshCa;
import io.meshrelay.controlplane.pki.MeshCertificates;
import io.meshrelay.controlplane.pki.NodeIdentity;
import io.meshrelay.controlplane.pki.PkiFiles;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import io.meshrelay.controlplane.config.ConfigSources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code meshrelay pki issue}: a node key and certificate signed by the mesh CA, as a TLS directory. CLI thread. */
@Command(name = "issue",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        sortOptions = false,
        description = {"Issue a node's key and certificate, signed by the mesh CA.",
            "A new EC P-256 key; the certificate is bound to the node id (CN and SAN URI",
            "meshrelay:node:ID) and valid as TLS client and server. Writes DIR2/node.crt,",
            "DIR2/node.key (mode 0600) and DIR2/ca.crt: the node's --tls-dir."},
        footer = {"", "Exit codes: 0 written, 2 usage error (bad node id, missing CA, files present without --force),",
            "1 I/O failure."})
public final class PkiIssueCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", required = true,
            description = "The CA directory written by 'meshrelay pki init'.")
    Path dir;

    @Option(names = "--node-id", paramLabel = "ID", required = true,
            description = "The node's id: letters, digits, '.', '_', '-' (max 64); the same as its --node-id.")
    String nodeId;

    @Option(names = "--out", paramLabel = "DIR2", required = true,
            description = "Directory for node.crt, node.key and ca.crt; created (mode 0700) if missing.")
    Path out;

    @Option(names = "--days", paramLabel = "N", defaultValue = "" + MeshCa.DEFAULT_NODE_DAYS,
            description = "Validity in days; must end before the CA does. Default: ${DEFAULT-VALUE}.")
    int days;

    @Option(names = "--ip", paramLabel = "ADDR",
            description = "Also name this IP address in the certificate (repeatable).")
    List<String> ips = new ArrayList<>();

    @Option(names = "--dns", paramLabel = "NAME",
            description = "Also name this DNS name in the certificate (repeatable).")
    List<String> dnsNames = new ArrayList<>();

    @Option(names = "--force", description = "Replace a key and certificate already in DIR2.")
    boolean force;

    PkiIssueCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        NodeConfig.requireName("node-id", nodeId);
        PkiOptions.requireDays(days);
        List<InetAddress> addresses = new ArrayList<>();
        for (String ip : ips) {
            addresses.add(Addresses.literal("ip", ip));
        }
        MeshCa ca = MeshCa.load(dir);
        NodeIdentity node = ca.issue(nodeId, Duration.ofDays(days), addresses, dnsNames);
        node.writeTo(out, force);
        ctx.out().println("certificate of node '" + nodeId + "'" + nodeIdOrigin() + " written to "
                + out.resolve(PkiFiles.NODE_CERT) + ", " + out.resolve(PkiFiles.NODE_KEY) + " and "
                + out.resolve(PkiFiles.CA_CERT));
        ctx.out().println("valid until " + node.certificate().getNotAfter().toInstant() + ", SHA-256 fingerprint "
                + MeshCertificates.fingerprint(node.certificate()));
        return Meshrelay.EXIT_OK;
    }

    /**
     * Like every option, --node-id follows the settings cascade, so MESHRELAY_NODE_ID (e.g. from a
     * node's env file) can supply it: say so, since a certificate for the wrong node is costly.
     */
    private String nodeIdOrigin() {
        OptionSpec o = spec.findOption("--node-id");
        ConfigSources.Origin origin = ctx.sources().originOf(o, spec.commandLine().getParseResult());
        return origin == ConfigSources.Origin.FLAG ? "" : " (node id from " + ctx.sources().describeOrigin(o,
                spec.commandLine().getParseResult()) + ")";
    }
}
