package io.meshrelay.controlplane.cli;

import picocli.CommandLine.Command;

/** {@code meshrelay mesh}: look at a mesh, live or from a saved LSDB snapshot. */
@Command(name = "mesh",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = {"Inspect a running mesh through a node's or controller's REST API (--api), or plan offline",
            "on a saved LSDB snapshot (mesh paths --lsdb FILE)."},
        subcommands = {MeshNodesCommand.class, MeshLinksCommand.class, MeshPathsCommand.class, MeshPolicyCommand.class})
public final class MeshCommand {
}
