package io.meshrelay.relaycore.leg;

/**
 * Reception statistics of one SSRC on one leg (RFC 3550 §6.4.1, A.3 and A.8): packets, bytes,
 * loss from sequence gaps, interarrival jitter. The RTP clock rate is inferred from timestamps
 * against arrival times (snapped to the usual rates), so dynamic payload types need no SDP.
 * Owned by the session's I/O thread; read through a snapshot taken on that thread.
 */
public final class SsrcStats {
    private static final int[] RATES = {8000, 16000, 24000, 32000, 44100, 48000, 90000};

    final int ssrc;
    long packets;
    long bytes;
    private int baseSeq;
    private long maxExtSeq;
    private boolean started;
    private double jitterTs;
    private long lastTransitTs;
    private boolean haveTransit;
    private int clockRate;
    private long firstArrivalNs;
    private long firstTs;

    SsrcStats(int ssrc) {
        this.ssrc = ssrc;
    }

    public void onRtp(int seq, long ts, int len, long nowNs) {
        packets++;
        bytes += len;
        if (!started) {
            started = true;
            baseSeq = seq;
            maxExtSeq = seq;
            firstArrivalNs = nowNs;
            firstTs = ts;
            return;
        }
        long ext = extend(seq);
        if (ext > maxExtSeq) {
            maxExtSeq = ext;
        }
        if (clockRate == 0 && nowNs - firstArrivalNs > 1_000_000_000L) {
            long dTs = (ts - firstTs) & 0xFFFFFFFFL;
            double rate = dTs / ((nowNs - firstArrivalNs) / 1e9);
            clockRate = snap(rate);
        }
        if (clockRate > 0) {
            // transit in RTP timestamp units; D(i,j) per RFC 3550 A.8
            long arrivalTs = (long) ((nowNs - firstArrivalNs) / 1e9 * clockRate);
            long transit = arrivalTs - ((ts - firstTs) & 0xFFFFFFFFL);
            if (haveTransit) {
                long d = Math.abs(transit - lastTransitTs);
                jitterTs += (d - jitterTs) / 16.0;
            }
            lastTransitTs = transit;
            haveTransit = true;
        }
    }

    private long extend(int seq) {
        long candidate = (maxExtSeq & ~0xFFFFL) | seq;
        long diff = candidate - maxExtSeq;
        if (diff > 0x8000) {
            candidate -= 0x10000;
        } else if (diff < -0x8000) {
            candidate += 0x10000;
        }
        return candidate;
    }

    private static int snap(double rate) {
        int best = 0;
        double bestErr = Double.MAX_VALUE;
        for (int r : RATES) {
            double err = Math.abs(rate - r) / r;
            if (err < bestErr) {
                bestErr = err;
                best = r;
            }
        }
        return bestErr < 0.1 ? best : -1; // -1: not a steady clock (e.g. silence suppression); stop guessing
    }

    long expected() {
        return started ? maxExtSeq - baseSeq + 1 : 0;
    }

    /** Cumulative number lost (RFC 3550 A.3): may be negative with duplicates. */
    long lost() {
        return expected() - packets;
    }

    double jitterMs() {
        return clockRate > 0 ? jitterTs * 1000.0 / clockRate : -1;
    }

    int clockRate() {
        return Math.max(clockRate, 0);
    }
}
