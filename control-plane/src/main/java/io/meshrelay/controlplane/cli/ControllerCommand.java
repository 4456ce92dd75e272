package io.meshrelay.controlplane.cli;

import picocli.CommandLine.Command;

/** {@code meshrelay controller}: run a standalone controller. */
@Command(name = "controller",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Run a standalone mesh controller (membership, link-state reflection, policy, sessions).",
        subcommands = {ControllerRunCommand.class})
public final class ControllerCommand {
}
