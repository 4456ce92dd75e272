package io.meshrelay.controlplane.api;

/**
 * Builds a Prometheus text exposition (format 0.0.4): one {@code # HELP}/{@code # TYPE} per
 * family, then its samples. Label values are escaped as the format requires.
 */
public final class PrometheusText {
    private final StringBuilder sb = new StringBuilder(4096);
    private final String prefix;

    public PrometheusText(String prefix) {
        this.prefix = prefix;
    }

    /** Starts a family; {@code type} is counter, gauge, untyped or summary. */
    public PrometheusText family(String name, String type, String help) {
        sb.append("# HELP ").append(prefix).append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                .append('\n');
        sb.append("# TYPE ").append(prefix).append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** One sample; {@code labels} alternate name and value. */
    public PrometheusText sample(String name, double value, String... labels) {
        sb.append(prefix).append(name);
        if (labels.length > 0) {
            sb.append('{');
            for (int i = 0; i + 1 < labels.length; i += 2) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
            }
            sb.append('}');
        }
        sb.append(' ');
        if (value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15) {
            sb.append((long) value);
        } else {
            sb.append(value);
        }
        sb.append('\n');
        return this;
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
