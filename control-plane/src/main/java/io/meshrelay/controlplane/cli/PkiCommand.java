package io.meshrelay.controlplane.cli;

import picocli.CommandLine.Command;

/** {@code meshrelay pki}: the mesh CA and node certificates of the control channel's mutual TLS. */
@Command(name = "pki",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = {
            "Manage the mesh PKI: a mesh CA and one certificate per node, for the mutually",
            "authenticated QUIC control channel. Keep the CA directory off the nodes."
        },
        subcommands = {PkiInitCommand.class, PkiIssueCommand.class, PkiCheckCommand.class},
        footer = {"", "Typical use:",
            "  meshrelay pki init  --dir ca/",
            "  meshrelay pki issue --dir ca/ --node-id relay-fra-1 --out relay-fra-1/",
            "  (copy relay-fra-1/ to that node, then: meshrelay node run --tls-dir DIR ...)"})
public final class PkiCommand {
}
