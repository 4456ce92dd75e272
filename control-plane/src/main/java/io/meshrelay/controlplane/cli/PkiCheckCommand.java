package io.meshrelay.controlplane.cli;

import io.meshrelay.controlplane.pki.MeshCertificates;
import io.meshrelay.controlplane.pki.NodeIdentity;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meshrelay pki check}: loads a node's TLS directory as the node will and says what is in it. CLI thread. */
@Command(name = "check",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = {"Check a node's TLS directory as 'node run --tls-dir' will.",
            "The certificate must chain to ca.crt, be within its dates and bound to a valid node id,",
            "and node.key must match it."},
        footer = {"", "Exit codes: 0 usable, 2 not usable (the message names the file and the fault)."})
public final class PkiCheckCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--tls-dir", paramLabel = "DIR", required = true,
            description = "The directory written by 'meshrelay pki issue --out DIR'.")
    Path tlsDir;

    PkiCheckCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        NodeIdentity id = NodeIdentity.load(tlsDir);
        ctx.out().println("node id: " + id.nodeId());
        ctx.out().println("certificate: serial " + id.certificate().getSerialNumber().toString(16) + ", valid "
                + id.certificate().getNotBefore().toInstant() + " to " + id.certificate().getNotAfter().toInstant());
        ctx.out().println("mesh CA: '" + id.caCertificate().getSubjectX500Principal().getName() + "', SHA-256 "
                + MeshCertificates.fingerprint(id.caCertificate()));
        return Meshrelay.EXIT_OK;
    }
}
