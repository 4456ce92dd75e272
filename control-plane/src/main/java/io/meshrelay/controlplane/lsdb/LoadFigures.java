package io.meshrelay.controlplane.lsdb;

/**
 * The raw load samples a node publishes beside its normalised {@code load}; informative only
 * (path cost uses {@link LsdbNode#load()}). Every figure is optional: {@code null} when not sampled.
 * Immutable.
 *
 * @param cpu              CPU busy fraction 0..1
 * @param memory           heap or RSS in use as a fraction 0..1 of the configured limit
 * @param bandwidthMbps    media bandwidth the node forwards now, Mbit/s
 * @param capacityMbps     bandwidth the operator configured as the node's capacity, Mbit/s
 * @param packetsPerSecond packets forwarded per second
 * @param legs             participant legs anchored on the node
 */
public record LoadFigures(
        Double cpu,
        Double memory,
        Double bandwidthMbps,
        Double capacityMbps,
        Double packetsPerSecond,
        Integer legs) {

    public static final LoadFigures NONE = new LoadFigures(null, null, null, null, null, null);

    public LoadFigures {
        fraction("cpu", cpu);
        fraction("memory", memory);
        nonNegative("bandwidthMbps", bandwidthMbps);
        nonNegative("capacityMbps", capacityMbps);
        nonNegative("packetsPerSecond", packetsPerSecond);
        if (legs != null && legs < 0) {
            throw new LsdbException("legs: must be >= 0, got " + legs);
        }
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isEmpty() {
        return cpu == null && memory == null && bandwidthMbps == null && capacityMbps == null
                && packetsPerSecond == null && legs == null;
    }

    static void fraction(String field, Double v) {
        if (v != null && !(v >= 0 && v <= 1)) {
            throw new LsdbException(field + ": must be within 0..1, got " + v);
        }
    }

    static void nonNegative(String field, Double v) {
        if (v != null && !(v >= 0 && v < Double.POSITIVE_INFINITY)) {
            throw new LsdbException(field + ": must be a finite number >= 0, got " + v);
        }
    }
}
