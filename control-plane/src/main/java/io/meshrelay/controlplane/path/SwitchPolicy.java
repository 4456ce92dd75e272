package io.meshrelay.controlplane.path;

import java.util.List;
import java.util.Locale;

/**
 * Decides whether a flow leaves its current primary path for a newly computed one, with
 * hysteresis so noisy metrics never make it flap: a failure or a violated constraint switches at
 * once; a breached loss or latency threshold switches only to a path clearly below it
 * ({@link SwitchThresholds#breachMargin()}); otherwise only a gain that is large both relatively
 * and absolutely, and not sooner than the hold time after the last switch. Two paths whose costs
 * wander within the gain margin of each other therefore never swap. Pure: the caller passes the
 * clock and keeps the state; safe to share.
 */
public final class SwitchPolicy {
    private final SwitchThresholds thresholds;

    public SwitchPolicy(SwitchThresholds thresholds) {
        this.thresholds = thresholds;
    }

    public SwitchThresholds thresholds() {
        return thresholds;
    }

    /**
     * @param current      the installed path measured on the new LSDB ({@link PathFinder#evaluate}),
     *                     or null when the flow has none
     * @param ranking      the new ranking for the flow, cheapest first ({@link PathPlan#ranked()})
     * @param nowMs        the caller's clock
     * @param lastSwitchMs when the flow last switched, on the same clock ({@code Long.MIN_VALUE} if never)
     */
    public SwitchDecision decide(PathEvaluation current, List<RankedPath> ranking, long nowMs, long lastSwitchMs) {
        if (ranking.isEmpty()) {
            return new SwitchDecision(SwitchReason.NO_PATH, null, "no path meets the constraints");
        }
        RankedPath best = ranking.get(0);
        if (current == null) {
            return new SwitchDecision(SwitchReason.NO_CURRENT_PATH, best, "first path");
        }
        if (!current.usable()) {
            return new SwitchDecision(SwitchReason.PATH_DOWN, best, current.problem());
        }
        if (!current.feasible()) {
            return new SwitchDecision(SwitchReason.CONSTRAINT_VIOLATED, best, current.problem());
        }
        RankedPath cur = current.metrics();
        SwitchThresholds t = thresholds;
        if (cur.loss() > t.maxLoss()) {
            double clear = t.maxLoss() * (1 - t.breachMargin());
            for (RankedPath p : ranking) {
                if (!p.nodes().equals(cur.nodes()) && p.loss() <= clear && p.latencyMs() <= t.maxLatencyMs()) {
                    return new SwitchDecision(SwitchReason.LOSS_THRESHOLD, p,
                            "loss " + pct(cur.loss()) + " above " + pct(t.maxLoss()) + ", new path " + pct(p.loss()));
                }
            }
            return new SwitchDecision(SwitchReason.NO_BETTER_PATH, null,
                    "loss " + pct(cur.loss()) + " above " + pct(t.maxLoss()) + ", no path at or below " + pct(clear));
        }
        if (cur.latencyMs() > t.maxLatencyMs()) {
            double clear = t.maxLatencyMs() * (1 - t.breachMargin());
            for (RankedPath p : ranking) {
                if (!p.nodes().equals(cur.nodes()) && p.latencyMs() <= clear && p.loss() <= t.maxLoss()) {
                    return new SwitchDecision(SwitchReason.LATENCY_THRESHOLD, p,
                            "latency " + ms(cur.latencyMs()) + " above " + ms(t.maxLatencyMs()) + ", new path "
                                    + ms(p.latencyMs()));
                }
            }
            return new SwitchDecision(SwitchReason.NO_BETTER_PATH, null, "latency " + ms(cur.latencyMs()) + " above "
                    + ms(t.maxLatencyMs()) + ", no path at or below " + ms(clear));
        }
        if (best.nodes().equals(cur.nodes())) {
            return new SwitchDecision(SwitchReason.ALREADY_BEST, null, "current path is the cheapest");
        }
        double gain = cur.cost() - best.cost();
        String figures = "cost " + round2(cur.cost()) + " -> " + round2(best.cost()) + " (gain " + round2(gain)
                + ", needs " + round2(t.minAbsoluteGain()) + " and " + round2(t.minRelativeGain() * 100) + "%)";
        if (gain < t.minAbsoluteGain() || gain < t.minRelativeGain() * cur.cost() || gain <= 0) {
            return new SwitchDecision(SwitchReason.WITHIN_HYSTERESIS, null, figures);
        }
        if (lastSwitchMs != Long.MIN_VALUE && nowMs - lastSwitchMs < t.minHoldMs()) {
            return new SwitchDecision(SwitchReason.HOLD_DOWN, null,
                    figures + "; last switch " + (nowMs - lastSwitchMs) + " ms ago, hold " + t.minHoldMs() + " ms");
        }
        return new SwitchDecision(SwitchReason.CLEAR_GAIN, best, figures);
    }

    /** Two decimals without {@code String.format}: decisions run for every flow on every LSDB change. */
    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.1f ms", v);
    }
}
