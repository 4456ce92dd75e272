package io.meshrelay.relaycore.leg;

/**
 * A packet budget: {@code ratePerSec} tokens a second up to {@code burst}. Owned by one thread;
 * no allocation, one multiply per packet.
 */
final class TokenBucket {
    private final long nanosPerToken;
    private final long capacityNs;
    /** Time at which the bucket is empty; tokens = (now - emptyAt) / nanosPerToken. */
    private long emptyAtNs;

    TokenBucket(int ratePerSec, int burst, long nowNs) {
        this.nanosPerToken = ratePerSec <= 0 ? 0 : 1_000_000_000L / ratePerSec;
        this.capacityNs = nanosPerToken * Math.max(1, burst);
        this.emptyAtNs = nowNs - capacityNs;
    }

    boolean tryTake(long nowNs) {
        if (nanosPerToken == 0) {
            return true;
        }
        long e = emptyAtNs;
        if (nowNs - e > capacityNs) {
            e = nowNs - capacityNs;
        }
        if (nowNs - e < nanosPerToken) {
            return false;
        }
        emptyAtNs = e + nanosPerToken;
        return true;
    }
}
