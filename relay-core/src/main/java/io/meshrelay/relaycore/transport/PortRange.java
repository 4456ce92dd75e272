package io.meshrelay.relaycore.transport;

/** An inclusive range of UDP ports, {@code LOW-HIGH}, both within 1..65535. */
public record PortRange(int low, int high) {
    public PortRange {
        if (low < 1 || high > 65535 || low > high) {
            throw new IllegalArgumentException("port range must be LOW-HIGH with 1 <= LOW <= HIGH <= 65535, got "
                    + low + "-" + high);
        }
    }

    /** Parses {@code "40000-49999"} (or a single port {@code "40000"}). */
    public static PortRange parse(String text) {
        String t = text.trim();
        int dash = t.indexOf('-');
        try {
            if (dash < 0) {
                int p = Integer.parseInt(t);
                return new PortRange(p, p);
            }
            return new PortRange(Integer.parseInt(t.substring(0, dash).trim()), Integer.parseInt(t.substring(dash + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a port range LOW-HIGH (e.g. 40000-49999)");
        }
    }

    public int size() {
        return high - low + 1;
    }

    public boolean contains(int port) {
        return port >= low && port <= high;
    }

    @Override
    public String toString() {
        return low + "-" + high;
    }
}
