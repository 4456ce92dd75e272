package io.meshrelay.controlplane.cli.options;

import picocli.CommandLine.Option;

/** Who this node is: name, region and optional location. */
public final class IdentityOptions {
    @Option(names = "--node-id", paramLabel = "ID",
            description = "Unique name of this node in the mesh: letters, digits, '.', '_', '-' (max 64). "
                    + "Default: the host name.")
    public String nodeId;

    @Option(names = "--region", paramLabel = "NAME", defaultValue = "default",
            description = "Region label, e.g. eu-west; paths prefer backups in other regions. Default: ${DEFAULT-VALUE}.")
    public String region;

    @Option(names = "--lat", paramLabel = "DEG", description = "Latitude of this node (optional, for placement).")
    public Double lat;

    @Option(names = "--lon", paramLabel = "DEG", description = "Longitude of this node (optional, for placement).")
    public Double lon;
}
