package io.meshrelay.controlplane.path;

/**
 * When a flow may leave its current primary path ({@link SwitchPolicy}). Immutable.
 *
 * @param minRelativeGain a better path must be cheaper by this fraction of the current cost...
 * @param minAbsoluteGain ...and by this many cost units (ms-equivalents): both, so neither tiny
 *                        nor near-zero costs flap
 * @param minHoldMs       after a switch, no switch for mere gain within this time (breaches
 *                        and failures switch at once)
 * @param maxLoss         current path loss above this fraction is a breach
 * @param maxLatencyMs    current path one-way latency above this is a breach
 * @param breachMargin    a breach moves only to a path at least this fraction below the breached
 *                        threshold, so two paths hovering around it do not swap back and forth
 */
public record SwitchThresholds(double minRelativeGain, double minAbsoluteGain, long minHoldMs, double maxLoss,
        double maxLatencyMs, double breachMargin) {

    /**
     * 10% and 5 ms-equivalents of gain, 10 s hold; 2% loss (beyond what packet-loss concealment
     * hides well) and 150 ms one-way (ITU-T G.114's bound for most interactive use); 20% margin.
     */
    public static final SwitchThresholds DEFAULTS = new SwitchThresholds(0.10, 5.0, 10_000, 0.02, 150.0, 0.20);

    public SwitchThresholds {
        if (!(minRelativeGain >= 0 && minRelativeGain < 1)) {
            throw new PathQueryException("minRelativeGain", "must be within 0..1 (exclusive), got " + minRelativeGain);
        }
        if (!(minAbsoluteGain >= 0 && minAbsoluteGain < Double.POSITIVE_INFINITY)) {
            throw new PathQueryException("minAbsoluteGain", "must be a finite number >= 0, got " + minAbsoluteGain);
        }
        if (minHoldMs < 0) {
            throw new PathQueryException("minHoldMs", "must be >= 0, got " + minHoldMs);
        }
        if (!(maxLoss > 0 && maxLoss <= 1)) {
            throw new PathQueryException("maxLoss", "must be within 0..1 (exclusive of 0), got " + maxLoss);
        }
        if (!(maxLatencyMs > 0)) {
            throw new PathQueryException("maxLatencyMs", "must be > 0, got " + maxLatencyMs);
        }
        if (!(breachMargin >= 0 && breachMargin < 1)) {
            throw new PathQueryException("breachMargin", "must be within 0..1 (exclusive), got " + breachMargin);
        }
    }
}
