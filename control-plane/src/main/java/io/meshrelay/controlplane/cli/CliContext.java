package io.meshrelay.controlplane.cli;

import io.meshrelay.controlplane.config.ConfigSources;
import java.io.PrintWriter;
import java.util.Map;

/** What every command needs from the outside world: environment, settings cascade and output streams. */
public final class CliContext {
    private final Map<String, String> env;
    private final ConfigSources sources;
    private final PrintWriter out;
    private final PrintWriter err;

    public CliContext(Map<String, String> env, ConfigSources sources, PrintWriter out, PrintWriter err) {
        this.env = Map.copyOf(env);
        this.sources = sources;
        this.out = out;
        this.err = err;
    }

    public Map<String, String> env() {
        return env;
    }

    public ConfigSources sources() {
        return sources;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }
}
