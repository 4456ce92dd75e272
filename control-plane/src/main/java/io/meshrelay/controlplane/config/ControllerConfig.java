package io.meshrelay.controlplane.config;

import java.net.InetAddress;

/** The validated configuration of a standalone controller. */
public record ControllerConfig(InetAddress bind, int controlPort, HostPort api, LogLevel logLevel) {
    public ControllerConfig {
        NodeConfig.requirePort("control-port", controlPort);
    }
}
