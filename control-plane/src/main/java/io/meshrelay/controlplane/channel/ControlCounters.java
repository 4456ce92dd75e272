package io.meshrelay.controlplane.channel;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The counter values of one control-channel endpoint; written by its I/O and callback threads, read by any. */
public final class ControlCounters {
    private static final ControlCounter[] ALL = ControlCounter.values();

    private final LongAdder[] values = new LongAdder[ALL.length];

    ControlCounters() {
        for (int i = 0; i < values.length; i++) {
            values[i] = new LongAdder();
        }
    }

    void increment(ControlCounter c) {
        values[c.ordinal()].increment();
    }

    public long get(ControlCounter c) {
        return values[c.ordinal()].sum();
    }

    /** All counters at one moment, in declaration order. */
    public Map<ControlCounter, Long> snapshot() {
        Map<ControlCounter, Long> m = new EnumMap<>(ControlCounter.class);
        for (ControlCounter c : ALL) {
            m.put(c, get(c));
        }
        return m;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("ControlCounters{");
        for (ControlCounter c : ALL) {
            long v = get(c);
            if (v != 0) {
                b.append(c.name().toLowerCase(Locale.ROOT)).append('=').append(v).append(' ');
            }
        }
        return b.append('}').toString();
    }
}
