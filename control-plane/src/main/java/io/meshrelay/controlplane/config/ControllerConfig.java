package io.meshrelay.controlplane.config;

import io.meshrelay.controlplane.mesh.MeshPolicy;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;

/** The validated configuration of a standalone controller. */
public record ControllerConfig(InetAddress bind, int controlPort, HostPort api, Path tlsDir, Duration deadAfter,
        MeshPolicy policy, LogLevel logLevel) {
    public ControllerConfig {
        NodeConfig.requirePort("control-port", controlPort);
        if (tlsDir == null) {
            throw new ConfigException("tls-dir: required (the controller's certificate from meshrelay pki issue)");
        }
        if (deadAfter.toMillis() < 200) {
            throw new ConfigException("dead-after: must be at least 200ms");
        }
    }
}
