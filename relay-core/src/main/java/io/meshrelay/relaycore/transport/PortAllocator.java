package io.meshrelay.relaycore.transport;

import java.util.BitSet;

/**
 * Hands out leg ports from the media range, next-fit so a port just freed is not reused at once
 * (late packets of the old leg must not reach a new call). Thread-safe; control path only.
 */
public final class PortAllocator {
    private final PortRange range;
    private final BitSet used;
    private int next;

    public PortAllocator(PortRange range) {
        this.range = range;
        this.used = new BitSet(range.size());
        this.next = 0;
    }

    /** Reserves the next free port, or returns -1 if the range is exhausted. */
    public synchronized int reserve() {
        int n = range.size();
        for (int i = 0; i < n; i++) {
            int idx = (next + i) % n;
            if (!used.get(idx)) {
                used.set(idx);
                next = (idx + 1) % n;
                return range.low() + idx;
            }
        }
        return -1;
    }

    public synchronized void release(int port) {
        if (range.contains(port)) {
            used.clear(port - range.low());
        }
    }

    public synchronized int inUse() {
        return used.cardinality();
    }

    public PortRange range() {
        return range;
    }
}
