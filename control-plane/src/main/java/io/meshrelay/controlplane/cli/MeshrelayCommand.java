package io.meshrelay.controlplane.cli;

import picocli.CommandLine.Command;

/** {@code meshrelay}: the top of the command tree. */
@Command(name = "meshrelay",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = {
            "A self-healing regional mesh of RTP/SRTP media relays.",
            "Run a relay node or a controller, or inspect a running mesh through its REST API."
        },
        subcommands = {
            NodeCommand.class,
            ControllerCommand.class,
            MeshCommand.class,
            PkiCommand.class,
            VersionCommand.class
        },
        footer = {"", "Exit codes: 0 ok, 2 usage or configuration error, 1 runtime failure.",
                "Settings: flag > environment (MESHRELAY_<KEY>) > config file (--config) > default."})
public final class MeshrelayCommand {
}
