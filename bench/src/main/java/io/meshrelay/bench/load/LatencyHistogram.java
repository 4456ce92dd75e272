package io.meshrelay.bench.load;

/**
 * One-way latency distribution with rtpblast's buckets, so Java and C figures compare bucket for
 * bucket: 100 ns buckets up to 10 ms, 10 µs buckets up to 1 s, then one overflow bucket.
 * Percentiles report the bucket's midpoint in microseconds. Owned by the receiver thread.
 */
public final class LatencyHistogram {
    static final int FINE = 100_000;
    static final int COARSE = 99_000;
    private static final long FINE_LIMIT_NS = 10_000_000L;
    private static final long COARSE_LIMIT_NS = 1_000_000_000L;

    private final long[] buckets = new long[FINE + COARSE + 1];
    private long count;
    private long maxNs;
    private double sumNs;

    public void record(long ns) {
        long v = Math.max(0, ns);
        int i;
        if (v < FINE_LIMIT_NS) {
            i = (int) (v / 100);
        } else if (v < COARSE_LIMIT_NS) {
            i = FINE + (int) ((v - FINE_LIMIT_NS) / 10_000);
        } else {
            i = FINE + COARSE;
        }
        buckets[i]++;
        count++;
        sumNs += v;
        if (v > maxNs) {
            maxNs = v;
        }
    }

    public long count() {
        return count;
    }

    public double maxUs() {
        return maxNs / 1000.0;
    }

    public double meanUs() {
        return count == 0 ? -1 : sumNs / count / 1000.0;
    }

    /** The {@code p} quantile (0..1) in microseconds, or -1 with no samples. */
    public double percentileUs(double p) {
        if (count == 0) {
            return -1;
        }
        long want = Math.max(1, (long) Math.ceil(p * count));
        long acc = 0;
        for (int i = 0; i < buckets.length; i++) {
            acc += buckets[i];
            if (acc >= want) {
                if (i < FINE) {
                    return (i * 100 + 50) / 1000.0;
                }
                if (i < FINE + COARSE) {
                    return (FINE_LIMIT_NS + (i - FINE) * 10_000L + 5_000) / 1000.0;
                }
                return maxUs();
            }
        }
        return maxUs();
    }
}
