package io.meshrelay.controlplane.cli.options;

import io.meshrelay.controlplane.path.PathConstraints;
import io.meshrelay.controlplane.path.PathWeights;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Link-cost weights and path constraints, shared by every command that computes paths
 * ({@code mesh paths} today; {@code node run} and the {@code /v1/paths} route use the same
 * names). Turns into immutable {@link PathWeights} and {@link PathConstraints}. Filled by picocli
 * on the command-line thread.
 */
public final class PathOptions {
    @Option(names = "--weight-latency", paramLabel = "W", converter = NonNegative.class,
            defaultValue = "" + PathWeights.DEFAULT_LATENCY,
            description = "Cost per ms of one-way latency (RTT/2) of a link. Default: ${DEFAULT-VALUE}.")
    public double weightLatency;

    @Option(names = "--weight-jitter", paramLabel = "W", converter = NonNegative.class,
            defaultValue = "" + PathWeights.DEFAULT_JITTER,
            description = "Cost per ms of jitter of a link. Default: ${DEFAULT-VALUE}.")
    public double weightJitter;

    @Option(names = "--weight-loss", paramLabel = "W", converter = NonNegative.class,
            defaultValue = "" + PathWeights.DEFAULT_LOSS,
            description = "Cost per %% of packet loss of a link (as -ln(1-loss), additive along a path). "
                    + "Default: ${DEFAULT-VALUE}.")
    public double weightLoss;

    @Option(names = "--weight-load", paramLabel = "W", converter = NonNegative.class,
            defaultValue = "" + PathWeights.DEFAULT_LOAD,
            description = "Cost per %% of load of the node a link enters. Default: ${DEFAULT-VALUE}.")
    public double weightLoad;

    @Option(names = "--weight-bandwidth", paramLabel = "W", converter = NonNegative.class,
            defaultValue = "" + PathWeights.DEFAULT_BANDWIDTH,
            description = "Cost per unit of 100 Mbit/s divided by a link's available bandwidth "
                    + "(100 Mbit/s free costs 1, 10 Mbit/s costs 10). Default: ${DEFAULT-VALUE}.")
    public double weightBandwidth;

    @Option(names = "--max-hops", paramLabel = "N", converter = Positive.class,
            description = "Most links on a path (1 = direct only). Default: no limit.")
    public Integer maxHops;

    @Option(names = "--max-latency", paramLabel = "DURATION",
            description = "Most one-way latency of a path, the sum of RTT/2 over its links, e.g. 150ms. "
                    + "Default: no limit.")
    public Duration maxLatency;

    @Option(names = "--min-bandwidth", paramLabel = "MBIT/S", converter = NonNegative.class,
            description = "Least available bandwidth on every link of a path, Mbit/s; links without an "
                    + "estimate fail it. Default: no limit.")
    public Double minBandwidth;

    @Option(names = "--avoid-nodes", paramLabel = "ID", split = ",",
            description = "Comma-separated node ids no path may cross (the path's ends cannot be avoided).")
    public List<String> avoidNodes;

    @Option(names = "--avoid-regions", paramLabel = "REGION", split = ",",
            description = "Comma-separated regions no path may cross (their nodes may still be the ends).")
    public List<String> avoidRegions;

    public PathWeights weights() {
        return new PathWeights(weightLatency, weightJitter, weightLoss, weightLoad, weightBandwidth);
    }

    public PathConstraints constraints() {
        Double maxLatencyMs = maxLatency == null ? null : maxLatency.toNanos() / 1e6;
        return new PathConstraints(maxHops, maxLatencyMs, minBandwidth, avoidNodes, avoidRegions);
    }

    /** The flag behind a {@link io.meshrelay.controlplane.path.PathQueryException#field()}, or null. */
    public static String flagOf(String field) {
        switch (field) {
            case "weightLatency": return "--weight-latency";
            case "weightJitter": return "--weight-jitter";
            case "weightLoss": return "--weight-loss";
            case "weightLoad": return "--weight-load";
            case "weightBandwidth": return "--weight-bandwidth";
            case "maxHops": return "--max-hops";
            case "maxLatencyMs": return "--max-latency";
            case "minBandwidthMbps": return "--min-bandwidth";
            case "avoidNodes": return "--avoid-nodes";
            case "avoidRegions": return "--avoid-regions";
            default: return null;
        }
    }

    /** A finite number {@code >= 0}. */
    public static final class NonNegative implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            double v;
            try {
                v = Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + text + "' is not a number");
            }
            if (!(v >= 0 && v < Double.POSITIVE_INFINITY)) {
                throw new TypeConversionException("'" + text + "' must be a finite number >= 0");
            }
            return v;
        }
    }

    /** An integer {@code >= 1}. */
    public static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            int v;
            try {
                v = Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + text + "' is not a whole number");
            }
            if (v < 1) {
                throw new TypeConversionException("'" + text + "' must be >= 1");
            }
            return v;
        }
    }
}
