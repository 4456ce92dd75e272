package io.meshrelay.controlplane.cli;

import ch.qos.logback.classic.Level;
import io.meshrelay.controlplane.config.LogLevel;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Applies the configured log level to the process (logback) and routes java.util.logging through SLF4J. */
final class Logging {
    private Logging() {
    }

    static void apply(LogLevel level) {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        Object root = LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root instanceof ch.qos.logback.classic.Logger) {
            Level l = Level.toLevel(level.name(), Level.INFO);
            ((ch.qos.logback.classic.Logger) root).setLevel(l);
            // our own packages follow the root; third-party chatter stays at WARN unless debugging
            Object meshrelay = LoggerFactory.getLogger("io.meshrelay");
            ((ch.qos.logback.classic.Logger) meshrelay).setLevel(l);
        }
    }
}
