package io.meshrelay.controlplane.cli.options;

import io.meshrelay.controlplane.config.ConfigException;
import io.meshrelay.controlplane.mesh.MeshPolicy;
import io.meshrelay.controlplane.path.SwitchThresholds;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Option;

/** How flows use and change their paths: shared by {@code node run} and {@code controller run}. */
public final class SwitchOptions {
    @Option(names = "--path-mode", paramLabel = "MODE", defaultValue = "single",
            description = "single: each flow on its best path; redundant: every packet on two disjoint paths. "
                    + "Default: ${DEFAULT-VALUE}.")
    public String pathMode;

    @Option(names = "--switch-overlap", paramLabel = "DURATION", defaultValue = "300ms",
            description = "Make-before-break: how long a flow is sent on its old and new path after a switch. "
                    + "Default: ${DEFAULT-VALUE}.")
    public Duration switchOverlap;

    @Option(names = "--switch-hold", paramLabel = "DURATION", defaultValue = "10s",
            description = "Hysteresis: a flow that switched for a gain does not switch for another gain within this "
                    + "time (a dead path still moves at once). Default: ${DEFAULT-VALUE}.")
    public Duration switchHold;

    /** The mesh policy these options make with {@code paths}; a bad value is a {@link ConfigException}. */
    public MeshPolicy policy(PathOptions paths) {
        MeshPolicy.Mode mode;
        try {
            mode = MeshPolicy.Mode.valueOf(pathMode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("path-mode: '" + pathMode + "' must be single or redundant");
        }
        try {
            SwitchThresholds d = SwitchThresholds.DEFAULTS;
            return new MeshPolicy(paths.weights(), paths.constraints(), mode, switchOverlap.toMillis(), 4, 2,
                    new SwitchThresholds(d.minRelativeGain(), d.minAbsoluteGain(), switchHold.toMillis(),
                            d.maxLoss(), d.maxLatencyMs(), d.breachMargin()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }
}
