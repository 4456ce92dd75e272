package io.meshrelay.controlplane.mesh;

import java.util.HashMap;
import java.util.Map;

/**
 * Lets a warning through once per key and period, so one peer repeating a bad message cannot
 * flood the log. Not thread-safe: one per owning thread.
 */
public final class LogLimiter {
    private final long periodNs;
    private final Map<String, Long> last = new HashMap<>();

    public LogLimiter(long periodNs) {
        this.periodNs = periodNs;
    }

    public boolean allow(String key, long nowNs) {
        Long t = last.get(key);
        if (t != null && nowNs - t < periodNs) {
            return false;
        }
        if (last.size() > 10_000) {
            last.clear(); // bounded: a flood of distinct keys only costs a few extra lines
        }
        last.put(key, nowNs);
        return true;
    }
}
