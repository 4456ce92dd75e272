package io.meshrelay.controlplane.cli.options;

import io.meshrelay.controlplane.config.HostPort;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where a standalone controller listens and how it judges nodes. */
public final class ControllerNetworkOptions {
    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "0.0.0.0",
            description = "Local address of the control channel. Default: ${DEFAULT-VALUE}.")
    public String bind;

    @Option(names = "--control-port", paramLabel = "PORT", defaultValue = "7790",
            description = "UDP port of the QUIC control channel nodes connect to. Default: ${DEFAULT-VALUE}.")
    public int controlPort;

    @Option(names = "--api", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7781",
            description = "HTTP listen address of the controller's REST API and /metrics. Default: ${DEFAULT-VALUE}.")
    public HostPort api;

    @Option(names = "--tls-dir", paramLabel = "DIR",
            description = "The controller's certificate, key and the mesh CA (meshrelay pki issue --out DIR).")
    public Path tlsDir;

    @Option(names = "--dead-after", paramLabel = "DURATION", defaultValue = "3s",
            description = "A node silent this long is declared dead; its transit flows reroute. "
                    + "Default: ${DEFAULT-VALUE}.")
    public Duration deadAfter;
}
