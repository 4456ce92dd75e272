package io.meshrelay.controlplane.channel;

import java.util.function.LongUnaryOperator;

/**
 * Reconnect delays: exponential from a minimum to a ceiling, each drawn at random from the upper
 * half of its step ("equal jitter"), so nodes cut off together by a controller restart come
 * back spread out rather than in one burst, yet no delay falls below the minimum.
 * Owned by one thread (the client's event loop).
 */
final class Backoff {
    private final long minNs;
    private final long maxNs;
    /** Returns a uniform value in [0, bound) for a positive bound. */
    private final LongUnaryOperator random;
    private int attempt;

    Backoff(long minNs, long maxNs, LongUnaryOperator random) {
        if (minNs <= 0 || maxNs < minNs) {
            throw new IllegalArgumentException("backoff " + minNs + ".." + maxNs + " ns");
        }
        this.minNs = minNs;
        this.maxNs = maxNs;
        this.random = random;
    }

    /** The delay before the next attempt; each call grows the step until the ceiling. */
    long nextDelayNs() {
        // min·2^attempt capped at max, without overflowing the shift.
        long step = attempt >= 62 || minNs > (maxNs >> attempt) ? maxNs : minNs << attempt;
        if (step < maxNs) {
            attempt++;
        }
        long half = step / 2;
        long delay = half + (half > 0 ? random.applyAsLong(step - half + 1) : 0);
        return Math.max(minNs, Math.min(step, delay));
    }

    /** After a successful connection: the next failure starts again from the minimum. */
    void reset() {
        attempt = 0;
    }
}
