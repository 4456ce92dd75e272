package io.meshrelay.controlplane.agent;

/**
 * This node's current view of its link to one peer, as reported to the controller.
 *
 * @param peer          peer node index
 * @param rttMs         smoothed round-trip time (EWMA), or -1 before the first answer
 * @param jitterMs      smoothed variation of successive RTTs (RFC 3550 style)
 * @param loss          share of probes unanswered in the sliding window, 0..1
 * @param bandwidthMbps available-bandwidth estimate from packet trains, or -1 before the first train
 * @param up            false once answers stopped for longer than the down threshold
 * @param active        probed fast because flows cross it
 * @param samples       probes in the loss window
 */
public record LinkMeasurement(int peer, double rttMs, double jitterMs, double loss, double bandwidthMbps, boolean up,
        boolean active, int samples) {
}
