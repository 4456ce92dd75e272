package io.meshrelay.controlplane.cli;

import picocli.CommandLine.Command;

/** {@code meshrelay node}: run a relay node. */
@Command(name = "node",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Run a relay node (data plane and agent, optionally with an embedded controller).",
        subcommands = {NodeRunCommand.class})
public final class NodeCommand {
}
