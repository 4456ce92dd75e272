package io.meshrelay.controlplane.cli.options;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config} and {@code --print-config}, shared by the run commands. */
public final class ConfigFileOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML config file; keys are the long flag names (media-ports: 40000-49999). "
                    + "Also MESHRELAY_CONFIG.")
    public Path config;

    @Option(names = "--print-config",
            description = "Print the effective configuration, with where each value came from, and exit.")
    public boolean printConfig;
}
