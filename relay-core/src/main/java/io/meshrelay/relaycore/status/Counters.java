package io.meshrelay.relaycore.status;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A fixed set of counters written by one thread and read by any: increments are plain adds
 * published with opaque stores (a plain {@code mov} on x86), so the packet path pays no fence
 * and no CAS, and readers see values that are at most a little stale.
 */
public final class Counters {
    private static final VarHandle ARRAY = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] values;

    public Counters(int size) {
        values = new long[size];
    }

    /** Only the owning thread may call this. */
    public void add(int index, long delta) {
        ARRAY.setOpaque(values, index, (long) ARRAY.getOpaque(values, index) + delta);
    }

    public void increment(int index) {
        add(index, 1);
    }

    /** Safe from any thread. */
    public long get(int index) {
        return (long) ARRAY.getOpaque(values, index);
    }

    public int size() {
        return values.length;
    }
}
