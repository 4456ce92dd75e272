package io.meshrelay.controlplane.cli;

import picocli.CommandLine.Command;

/** {@code meshrelay mesh}: look at a mesh, live or from a saved LSDB snapshot. */
@Command(name = "mesh",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Inspect a mesh: path computation and what-if analysis on an LSDB snapshot.",
        subcommands = {MeshPathsCommand.class})
public final class MeshCommand {
}
