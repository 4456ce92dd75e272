package io.meshrelay.controlplane.path;

/**
 * How much each link metric costs. Cost is in milliseconds-of-one-way-delay equivalents; the
 * cost of entering node {@code v} over link {@code u -> v} is
 *
 * <pre>
 *   latency   * rttMs / 2                                   one-way delay estimate, ms
 * + jitter    * jitterMs
 * + loss      * 100 * -ln(1 - loss)                         ~ loss in %, and additive along a path
 * + load      * 100 * load(v)                               load of the node entered, in %
 * + bandwidth * 100 / max(availableMbps, 0.1)               inverse spare capacity, 100 Mbit/s = 1
 * </pre>
 *
 * A link with no bandwidth estimate has no bandwidth term. Rationale and defaults are in
 * {@code docs/paths.md}. Immutable; every weight finite and {@code >= 0}.
 */
public record PathWeights(double latency, double jitter, double loss, double load, double bandwidth) {
    public static final double DEFAULT_LATENCY = 1.0;
    public static final double DEFAULT_JITTER = 1.0;
    /** Per % of loss: 1% loss weighs like 50 ms of delay (see docs/paths.md for the E-model reasoning). */
    public static final double DEFAULT_LOSS = 50.0;
    /** Per % of load of the node entered: an idle-vs-full choice is worth 50 ms. */
    public static final double DEFAULT_LOAD = 0.5;
    /** Per unit of (100 Mbit/s / available Mbit/s). */
    public static final double DEFAULT_BANDWIDTH = 1.0;

    /** Bandwidth at which the bandwidth term is 1 (like OSPF's reference bandwidth). */
    public static final double REFERENCE_BANDWIDTH_MBPS = 100.0;
    /** Available bandwidth below this counts as this, so a saturated link has a large but finite cost. */
    public static final double BANDWIDTH_FLOOR_MBPS = 0.1;

    public static final PathWeights DEFAULTS =
            new PathWeights(DEFAULT_LATENCY, DEFAULT_JITTER, DEFAULT_LOSS, DEFAULT_LOAD, DEFAULT_BANDWIDTH);
    /** Cost = one-way latency in ms, nothing else. */
    public static final PathWeights LATENCY_ONLY = new PathWeights(1, 0, 0, 0, 0);

    public PathWeights {
        check("weightLatency", latency);
        check("weightJitter", jitter);
        check("weightLoss", loss);
        check("weightLoad", load);
        check("weightBandwidth", bandwidth);
    }

    private static void check(String field, double w) {
        if (!(w >= 0 && w < Double.POSITIVE_INFINITY)) {
            throw new PathQueryException(field, "must be a finite number >= 0, got " + w);
        }
    }

    /**
     * Cost of one link; {@code availableMbps} NaN when not measured. Inputs are validated LSDB
     * values ({@code loss < 1}: a link that loses everything is unusable, not expensive).
     */
    public double linkCost(double rttMs, double jitterMs, double lossFraction, double loadOfEntered, double availableMbps) {
        double c = latency * (rttMs * 0.5) + jitter * jitterMs;
        if (loss != 0 && lossFraction > 0) {
            c += loss * (-100.0 * Math.log1p(-lossFraction));
        }
        c += load * (100.0 * loadOfEntered);
        if (bandwidth != 0 && availableMbps == availableMbps) {
            c += bandwidth * (REFERENCE_BANDWIDTH_MBPS / Math.max(availableMbps, BANDWIDTH_FLOOR_MBPS));
        }
        return c;
    }
}
