package io.meshrelay.controlplane.path;

/**
 * The outcome of {@link SwitchPolicy#decide}. Immutable.
 *
 * @param reason why; {@link SwitchReason#switches()} says whether to switch
 * @param target the path to switch to; null when keeping
 * @param detail one line for logs and the API (the breached figure, the gain...)
 */
public record SwitchDecision(SwitchReason reason, RankedPath target, String detail) {
    public boolean switchPath() {
        return reason.switches();
    }
}
