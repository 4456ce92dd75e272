package io.meshrelay.bench.load;

/**
 * The shape of one load point, validated on construction with the offending field named.
 *
 * @param label      free text carried into the result (e.g. {@code meshrelay/100/50000/1})
 * @param flows      concurrent flows; each has its own socket, source port and SSRC
 * @param ratePps    total offered packets per second over all flows
 * @param durationS  seconds of sending (at most 600)
 * @param size       bytes per packet before SRTP (44..1472; relaybench's default is 172)
 * @param tickUs     pacing tick: every tick the sender sends what is due (rtpblast: 200 µs)
 * @param ssrcBase   SSRC of flow 0; flow i uses ssrcBase + i
 * @param srcHost    local address of the senders
 * @param srcBase    source port of flow 0 (flow i: srcBase + i * srcStep), or 0 for ephemeral ports
 * @param srcStep    source port step between flows
 */
public record LoadSpec(String label, int flows, double ratePps, double durationS, int size, int tickUs, int ssrcBase,
        String srcHost, int srcBase, int srcStep) {

    /** relaybench's defaults: 172-byte packets, 200 µs tick, SSRC 0x10000000 + i, ports 24000 + 2i. */
    public static LoadSpec of(String label, int flows, double ratePps, double durationS) {
        return new LoadSpec(label, flows, ratePps, durationS, 172, 200, 0x10000000, "127.0.0.1", 24000, 2);
    }

    public LoadSpec {
        if (flows < 1 || flows > 20_000) {
            throw new IllegalArgumentException("flows: " + flows + " is outside 1..20000");
        }
        if (!(ratePps > 0) || ratePps > 5_000_000) {
            throw new IllegalArgumentException("rate: " + ratePps + " pps is outside (0, 5000000]");
        }
        if (!(durationS > 0) || durationS > 600) {
            throw new IllegalArgumentException("duration: " + durationS + " s is outside (0, 600]");
        }
        if (size < ProbePayload.MIN_PACKET || size > ProbePayload.MAX_PACKET) {
            throw new IllegalArgumentException("size: " + size + " bytes is outside " + ProbePayload.MIN_PACKET + ".."
                    + ProbePayload.MAX_PACKET);
        }
        if (tickUs < 20 || tickUs > 10_000) {
            throw new IllegalArgumentException("tick: " + tickUs + " µs is outside 20..10000");
        }
        if (srcBase < 0 || srcStep < 1 || (srcBase > 0 && srcBase + (long) (flows - 1) * srcStep > 65535)) {
            throw new IllegalArgumentException("source ports: base " + srcBase + " step " + srcStep + " for " + flows
                    + " flows leave 1..65535");
        }
    }

    /** Sends from ephemeral source ports (tests: no fixed ports). */
    public LoadSpec withEphemeralPorts() {
        return new LoadSpec(label, flows, ratePps, durationS, size, tickUs, ssrcBase, srcHost, 0, 1);
    }

    public LoadSpec withSize(int bytes) {
        return new LoadSpec(label, flows, ratePps, durationS, bytes, tickUs, ssrcBase, srcHost, srcBase, srcStep);
    }

    public LoadSpec withTickUs(int us) {
        return new LoadSpec(label, flows, ratePps, durationS, size, us, ssrcBase, srcHost, srcBase, srcStep);
    }

    public LoadSpec withSourcePorts(int base, int step) {
        return new LoadSpec(label, flows, ratePps, durationS, size, tickUs, ssrcBase, srcHost, base, step);
    }

    /** Packets the point sends if the sender keeps up. */
    public long plannedPackets() {
        return Math.max(1, Math.round(ratePps * durationS));
    }
}
