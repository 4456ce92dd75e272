package io.meshrelay.controlplane.cli;

import io.meshrelay.controlplane.pki.MeshCa;
import io.meshrelay.controlplane.pki.MeshCertificates;
import io.meshrelay.controlplane.pki.PkiFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meshrelay pki init}: creates the mesh CA (EC P-256, self-signed) in a directory. Runs on the CLI thread. */
@Command(name = "init",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        sortOptions = false,
        description = {"Create the mesh CA (EC P-256, self-signed).",
            "Writes DIR/ca.crt and DIR/ca.key (mode 0600). Every node certificate is signed by it;",
            "nodes only ever get ca.crt. Keep DIR (and its key) off the nodes."},
        footer = {"", "Exit codes: 0 written, 2 usage error or files already present (without --force), 1 I/O failure."})
public final class PkiInitCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--dir", paramLabel = "DIR", required = true,
            description = "Directory for ca.crt and ca.key; created (mode 0700) if missing.")
    Path dir;

    @Option(names = "--days", paramLabel = "N", defaultValue = "" + MeshCa.DEFAULT_CA_DAYS,
            description = "Validity of the CA in days. Default: ${DEFAULT-VALUE}.")
    int days;

    @Option(names = "--force", description = "Replace an existing CA. Every certificate it issued stops being trusted.")
    boolean force;

    PkiInitCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        PkiOptions.requireDays(days);
        MeshCa ca = MeshCa.create(Duration.ofDays(days));
        ca.writeTo(dir, force);
        ctx.out().println("mesh CA '" + ca.certificate().getSubjectX500Principal().getName() + "' written to "
                + dir.resolve(PkiFiles.CA_CERT) + " and " + dir.resolve(PkiFiles.CA_KEY));
        ctx.out().println("valid until " + ca.certificate().getNotAfter().toInstant() + ", SHA-256 fingerprint "
                + MeshCertificates.fingerprint(ca.certificate()));
        return Meshrelay.EXIT_OK;
    }
}
