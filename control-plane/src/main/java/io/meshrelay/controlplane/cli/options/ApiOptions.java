package io.meshrelay.controlplane.cli.options;

import io.meshrelay.controlplane.config.HostPort;
import picocli.CommandLine.Option;

/** Where the client commands find the REST API. */
public final class ApiOptions {
    @Option(names = "--api", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7780",
            description = "REST API of a node or controller (the node's --api; a standalone controller's is "
                    + "127.0.0.1:7781 by default). Also MESHRELAY_API. Default: ${DEFAULT-VALUE}.")
    public HostPort api;
}
