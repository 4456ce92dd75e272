package io.meshrelay.controlplane.path;

/** Why {@link SwitchPolicy} keeps or switches a flow's primary path. */
public enum SwitchReason {
    /** Switch: the flow has no path installed yet. */
    NO_CURRENT_PATH(true),
    /** Switch: a node or link of the current path is down, missing or losing everything. */
    PATH_DOWN(true),
    /** Switch: the current path no longer meets the query constraints (e.g. a node is now avoided). */
    CONSTRAINT_VIOLATED(true),
    /** Switch: current loss is above {@link SwitchThresholds#maxLoss()}. */
    LOSS_THRESHOLD(true),
    /** Switch: current latency is above {@link SwitchThresholds#maxLatencyMs()}. */
    LATENCY_THRESHOLD(true),
    /** Switch: a path cheaper by both the relative and the absolute margin. */
    CLEAR_GAIN(true),

    /** Keep: the current path is the cheapest. */
    ALREADY_BEST(false),
    /** Keep: a cheaper path exists but not by both margins. */
    WITHIN_HYSTERESIS(false),
    /** Keep: a clear gain, but the last switch is more recent than the hold time. */
    HOLD_DOWN(false),
    /** Keep: a threshold is breached but no path clears it by the margin. */
    NO_BETTER_PATH(false),
    /** Keep: no path at all; forwarding stays on the last state until one appears. */
    NO_PATH(false);

    private final boolean switches;

    SwitchReason(boolean switches) {
        this.switches = switches;
    }

    public boolean switches() {
        return switches;
    }
}
