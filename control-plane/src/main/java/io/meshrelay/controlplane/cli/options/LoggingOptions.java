package io.meshrelay.controlplane.cli.options;

import io.meshrelay.controlplane.config.LogLevel;
import picocli.CommandLine.Option;

/** Log verbosity. */
public final class LoggingOptions {
    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info",
            description = "One of ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    public LogLevel logLevel;
}
