package io.meshrelay.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures the other issues target, evaluated from one results directory into pass/short
 * marks. A mark is PASS or SHORT when the data decide it, UNDECIDED when the measurement could
 * not (e.g. meshrelay was never pushed to loss, so a ratio under the target is only a lower
 * bound), MISSING when the phase did not run. Pure function of its inputs; any thread.
 */
public final class Targets {
    /** Loss (%) under which a rate counts as sustained: the issues' "&lt;0.1% loss". */
    public static final double LOSS_MAX_PCT = 0.1;
    /**
     * ... and the median one-way delay under which the relay counts as keeping up: 10 ms, far
     * above a busy relay's queueing (tens to hundreds of µs) and far below a growing backlog's.
     */
    public static final double P50_MAX_US = 10_000;
    /** ... with at least this share of the offered rate really sent (else the generator was the limit). */
    public static final double MIN_SENT_FRACTION = 0.95;
    public static final SweepData.Criteria SUSTAINED = new SweepData.Criteria(LOSS_MAX_PCT, P50_MAX_US,
            MIN_SENT_FRACTION);
    /** gc.alloc.rate.norm below this many bytes/op is JMH's own noise, i.e. zero. */
    public static final double ZERO_ALLOC_B = 1.0;

    /** Outcome of one check. */
    public enum Mark { PASS, SHORT, UNDECIDED, MISSING }

    /** One line of the targets table. */
    public record Check(String issue, String target, String measured, Mark mark, String note) {
    }

    /** Everything the evaluation reads; any part may be empty. */
    public record Inputs(JmhData jmh, JmhData srtpJmh, Map<String, Double> libsrtp2, SweepData relayCapacity,
            SweepData relaySweep, SweepData relayHalf, SweepData load) {
    }

    private Targets() {
    }

    public static List<Check> evaluate(Inputs in) {
        List<Check> out = new ArrayList<>();
        srtp(in, out);
        forwarding(in, out);
        paths(in, out);
        return out;
    }

    // ------------------------------------------------------------------ issue 3

    private static void srtp(Inputs in, List<Check> out) {
        String t1 = "protect 160 B AES_CM_128_HMAC_SHA1_80 >= 3x libsrtp2 packets/s";
        String t2 = "... and >= 1.5 M packets/s on one core";
        JmhData.Row cm = srtpRow(in.srtpJmh(), "AES_CM_128_HMAC_SHA1_80", "160");
        Double lib = in.libsrtp2().get("AES_CM_128_HMAC_SHA1_80/160/protect");
        if (cm == null || lib == null) {
            out.add(new Check("3 SRTP", t1, "-", Mark.MISSING, "SRTP phase did not run (scripts/bench-srtp)"));
            out.add(new Check("3 SRTP", t2, "-", Mark.MISSING, ""));
        } else {
            double r = cm.score() / lib;
            out.add(new Check("3 SRTP", t1, fmt("%.2fM/s vs %.2fM/s = %.2fx", cm.score() / 1e6, lib / 1e6, r),
                    r >= 3 ? Mark.PASS : Mark.SHORT, "buffer " + cm.param("buffer")));
            out.add(new Check("3 SRTP", t2, fmt("%.2fM/s", cm.score() / 1e6), cm.score() >= 1.5e6 ? Mark.PASS : Mark.SHORT,
                    "JMH thread pinned to one core"));
        }
        boolean anyGcm = false;
        for (String suite : new String[] {"AEAD_AES_128_GCM", "AEAD_AES_256_GCM"}) {
            for (String size : new String[] {"160", "1200"}) {
                JmhData.Row g = srtpRow(in.srtpJmh(), suite, size);
                Double l = in.libsrtp2().get(suite + "/" + size + "/protect");
                if (g == null || l == null) {
                    continue;
                }
                anyGcm = true;
                double r = g.score() / l;
                out.add(new Check("3 SRTP", "protect " + size + " B " + suite + " >= 1.5x libsrtp2",
                        fmt("%.2fM/s vs %.2fM/s = %.2fx", g.score() / 1e6, l / 1e6, r), r >= 1.5 ? Mark.PASS : Mark.SHORT,
                        ""));
            }
        }
        if (!anyGcm) {
            out.add(new Check("3 SRTP", "GCM >= 1.5x libsrtp2", "-", Mark.MISSING, ""));
        }
        double worst = Double.NaN;
        String where = "";
        for (String b : new String[] {"SrtpProtectBenchmark", "SrtpUnprotectBenchmark"}) {
            for (JmhData.Row r : in.srtpJmh().find(b)) {
                if (Double.isNaN(worst) || r.allocNorm() > worst) {
                    worst = r.allocNorm();
                    where = b + " " + r.paramText();
                }
            }
        }
        if (Double.isNaN(worst)) {
            out.add(new Check("3 SRTP", "zero bytes allocated per packet", "-", Mark.MISSING, ""));
        } else {
            out.add(new Check("3 SRTP", "zero bytes allocated per packet", fmt("max %.3f B/op", worst),
                    worst < ZERO_ALLOC_B ? Mark.PASS : Mark.SHORT, "worst: " + where));
        }
    }

    /** The data plane's case (pooled direct buffer) if measured, else the array variant. */
    private static JmhData.Row srtpRow(JmhData jmh, String suite, String payload) {
        for (String buffer : new String[] {"DIRECT", "ARRAY", "HEAP"}) {
            JmhData.Row r = jmh.first("SrtpProtectBenchmark", "suite", suite, "payload", payload, "buffer", buffer);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ issue 4

    private static void forwarding(Inputs in, List<Check> out) {
        SweepData cap = in.relayCapacity().isEmpty() ? in.relaySweep() : in.relayCapacity();
        if (cap.isEmpty() || !cap.hasRelay("meshrelay")) {
            out.add(new Check("4 forwarding", "max packets/s at <0.1% loss vs rtpengine and the C forwarder", "-",
                    Mark.MISSING, "relaybench phase did not run"));
        } else {
            for (int flows : new int[] {1, 100}) {
                SweepData.Capacity mesh = cap.capacity("meshrelay", flows, SUSTAINED);
                if (mesh == null) {
                    out.add(new Check("4 forwarding", "forwarding at " + flows + " flow(s)", "-", Mark.MISSING,
                            "no meshrelay points at " + flows + " flows"));
                    continue;
                }
                ratioCheck(out, cap, mesh, "rtpengine", flows, 1.5,
                        flows == 1 ? "rtpengine 10.5 stops reading one hot flow (flood protection): see kit caveats" : "");
                for (String c : new String[] {"refrelay", "refrelay-bigbuf"}) {
                    if (cap.hasRelay(c)) {
                        ratioCheck(out, cap, mesh, c, flows, 0.8, c.equals("refrelay-bigbuf")
                                ? "4 MiB socket buffer like meshrelay's default" : "208 KiB default socket buffer");
                    }
                }
                generatorCheck(out, cap, "C blaster (rtpblast)", flows);
            }
            for (int flows : cap.flowCounts()) {
                for (String c : new String[] {"refrelay", "refrelay-bigbuf"}) {
                    if (cap.hasRelay(c)) {
                        halfLoadLatency(out, in, cap, flows, c);
                    }
                }
            }
        }
        SweepData load = in.load();
        if (load.isEmpty() || !load.hasRelay("meshrelay") || !load.hasRelay("meshrelay-srtp")) {
            out.add(new Check("4 forwarding", "SRTP re-protect >= 60% of the plain rate", "-", Mark.MISSING,
                    "Java load phase did not run"));
        } else {
            for (int flows : load.flowCounts()) {
                SweepData.Capacity plain = load.capacity("meshrelay", flows, SUSTAINED);
                SweepData.Capacity srtp = load.capacity("meshrelay-srtp", flows, SUSTAINED);
                if (plain == null || srtp == null) {
                    continue;
                }
                ratio(out, "4 forwarding", "SRTP re-protect >= 60% of the plain rate, " + flows + " flow(s)", srtp,
                        plain, 0.6, "meshrelay-srtp", "meshrelay", "Java generator, both through the node");
                generatorCheck(out, load, "Java generator", flows);
            }
        }
        List<JmhData.Row> fw = in.jmh().find("ForwardingBenchmark");
        JmhData.Row wrapper = in.jmh().first("ForwardingBenchmark", "route", "WRAPPER");
        if (fw.isEmpty() || wrapper == null || Double.isNaN(wrapper.allocNorm())) {
            out.add(new Check("4 forwarding", "zero bytes allocated per packet", "-", Mark.MISSING,
                    "ForwardingBenchmark with -prof gc did not run"));
        } else {
            double worst = 0;
            String where = "";
            for (JmhData.Row r : fw) {
                if (r.param("route").equals("WRAPPER") || Double.isNaN(r.allocNorm())) {
                    continue;
                }
                double excess = r.allocNorm() - wrapper.allocNorm();
                if (excess > worst || where.isEmpty()) {
                    worst = excess;
                    where = r.param("route");
                }
            }
            out.add(new Check("4 forwarding", "zero bytes allocated per packet (beyond Netty's datagram wrapper)",
                    fmt("max %.2f B/packet beyond the %.0f B wrapper", worst, wrapper.allocNorm()),
                    worst < ZERO_ALLOC_B ? Mark.PASS : Mark.SHORT,
                    "worst route " + where + "; JMH ForwardingBenchmark -prof gc, real LegHandler/Forwarder"));
        }
    }

    private static void ratioCheck(List<Check> out, SweepData cap, SweepData.Capacity mesh, String other, int flows,
            double threshold, String note) {
        SweepData.Capacity o = cap.capacity(other, flows, SUSTAINED);
        String t = fmt("meshrelay >= %s x %s at %d flow(s)", trim(threshold), other, flows);
        if (o == null) {
            out.add(new Check("4 forwarding", t, "-", Mark.MISSING, other + " not measured"));
            return;
        }
        ratio(out, "4 forwarding", t, mesh, o, threshold, "meshrelay", other, note);
    }

    /**
     * Marks {@code a / b >= threshold} from two capacity brackets: the point estimate lo/lo
     * decides unless an open end (a relay never pushed to loss) leaves it undecided.
     */
    static void ratio(List<Check> out, String issue, String target, SweepData.Capacity a, SweepData.Capacity b,
            double threshold, String aName, String bName, String note) {
        String measured = fmt("%s %s / %s %s", aName, rate(a), bName, rate(b));
        if (a.lo() == 0 && b.lo() == 0) {
            out.add(new Check(issue, target, measured, Mark.UNDECIDED, join("neither sustained a tested rate", note)));
            return;
        }
        if (b.lo() == 0) {
            out.add(new Check(issue, target, measured, Mark.PASS, join(bName + " sustained none of the tested rates", note)));
            return;
        }
        if (a.lo() == 0) {
            out.add(new Check(issue, target, measured, Mark.SHORT, join(aName + " sustained none of the tested rates", note)));
            return;
        }
        double r = (double) a.lo() / b.lo();
        measured += fmt(" = %.2fx", r);
        Mark m;
        String why = "";
        if (r >= threshold) {
            m = b.openEnded() ? Mark.UNDECIDED : Mark.PASS;
            if (b.openEnded()) {
                why = bName + " was not pushed to loss: its capacity may be higher";
            }
        } else {
            m = a.openEnded() ? Mark.UNDECIDED : Mark.SHORT;
            if (a.openEnded()) {
                why = aName + " was not pushed to loss: the ratio is a lower bound";
            }
        }
        if (m != Mark.UNDECIDED && !a.method().equals("bisection")) {
            why = "coarse: sweep rates only; --full bisects";
        }
        why = join(why, aName + ": " + a.stop() + "; " + bName + ": " + b.stop());
        out.add(new Check(issue, target, measured, m, join(why, note)));
    }

    private static void generatorCheck(List<Check> out, SweepData data, String generator, int flows) {
        String t = generator + " is not the bottleneck at " + flows + " flow(s)";
        SweepData.Capacity direct = data.capacity("direct", flows, SUSTAINED);
        SweepData.Capacity mesh = data.capacity("meshrelay", flows, SUSTAINED);
        if (direct == null || mesh == null) {
            out.add(new Check("validity", t, "-", Mark.MISSING, "no direct baseline"));
            return;
        }
        String measured = "direct " + rate(direct) + ", meshrelay " + rate(mesh);
        Mark m;
        String note;
        if (!mesh.openEnded() && direct.lo() > mesh.lo()) {
            m = Mark.PASS;
            note = "the generator sustains more than the relay (meshrelay: " + mesh.stop() + ")";
        } else if (mesh.openEnded() && mesh.stop().startsWith("generator short")) {
            // the relay never failed and the generator could not offer more: the relay's figures are bounds
            m = Mark.SHORT;
            note = "meshrelay: " + mesh.stop() + "; its figures are lower bounds";
        } else if (mesh.openEnded()) {
            m = Mark.UNDECIDED;
            note = "meshrelay not saturated within the tested range";
        } else {
            m = Mark.SHORT;
            note = "direct: " + direct.stop() + ": the generator saturates at or below the relay's rate";
        }
        out.add(new Check("validity", t, measured, m, note));
    }

    private static void halfLoadLatency(List<Check> out, Inputs in, SweepData cap, int flows, String c) {
        String t = fmt("p99 added latency at half load <= 2x %s's, %d flow(s)", c, flows);
        SweepData.Capacity mesh = cap.capacity("meshrelay", flows, SUSTAINED);
        if (mesh == null || mesh.lo() == 0) {
            out.add(new Check("4 forwarding", t, "-", Mark.MISSING, "no sustained meshrelay rate"));
            return;
        }
        long half = mesh.lo() / 2;
        SweepData src = null;
        int rate = -1;
        String how;
        SweepData h = in.relayHalf();
        if (!h.isEmpty() && !h.curve("meshrelay", flows).isEmpty()) {
            src = h;
            rate = h.curve("meshrelay", flows).get(0).rate();
            how = "dedicated half-load run";
        } else {
            SweepData s = in.relaySweep();
            for (SweepData.Point p : s.curve("meshrelay", flows)) {
                if (p.rate() <= half && s.point(c, flows, p.rate()) != null) {
                    rate = p.rate();
                }
            }
            src = s;
            how = "nearest sweep rate <= half";
        }
        if (rate < 0) {
            out.add(new Check("4 forwarding", t, "-", Mark.MISSING, "no sweep rate at or below half of " + mesh.lo()));
            return;
        }
        SweepData.Point pm = src.point("meshrelay", flows, rate);
        SweepData.Point pc = src.point(c, flows, rate);
        SweepData.Point pd = src.point("direct", flows, rate);
        if (pm == null || pc == null) {
            out.add(new Check("4 forwarding", t, "-", Mark.MISSING, c + " not measured at " + rate));
            return;
        }
        double base = pd == null ? 0 : pd.p99();
        double addM = pm.p99() - base;
        double addC = pc.p99() - base;
        String measured = fmt("at %d pps: meshrelay +%.1f us, %s +%.1f us (p99 %.1f / %.1f, direct %.1f)", rate, addM, c,
                addC, pm.p99(), pc.p99(), base);
        Mark m = addM <= 2 * Math.max(0, addC) ? Mark.PASS : Mark.SHORT;
        String note = how + (pd == null ? "; no direct baseline: absolute p99" : "")
                + (addC <= 0 ? "; the C forwarder's added p99 is within the baseline's noise" : "");
        out.add(new Check("4 forwarding", t, measured, m, note));
    }

    // ------------------------------------------------------------------ issue 5

    private static void paths(Inputs in, List<Check> out) {
        pathCheck(out, in.jmh(), "200", 2.0);
        pathCheck(out, in.jmh(), "1000", 20.0);
    }

    private static void pathCheck(List<Check> out, JmhData jmh, String nodes, double limitMs) {
        String t = "k=4 ranked paths on " + nodes + " nodes < " + trim(limitMs) + " ms";
        List<JmhData.Row> rows = jmh.find("KShortestPathsBenchmark", "nodes", nodes);
        if (rows.isEmpty()) {
            out.add(new Check("5 paths", t, "-", Mark.MISSING,
                    "KShortestPathsBenchmark (bench/.../path, control-plane issue) not in this build or not run"));
            return;
        }
        JmhData.Row worst = null;
        for (JmhData.Row r : rows) {
            if (worst == null || toMs(r.score(), r.unit()) > toMs(worst.score(), worst.unit())) {
                worst = r;
            }
        }
        double ms = toMs(worst.score(), worst.unit());
        double p99 = Double.isNaN(worst.p99()) ? Double.NaN : toMs(worst.p99(), worst.unit());
        out.add(new Check("5 paths", t, fmt("worst mean %.3f ms (p99 %.3f ms)", ms, p99),
                ms < limitMs ? Mark.PASS : Mark.SHORT, "worst of " + rows.size() + " variants: " + worst.paramText()));
    }

    static double toMs(double v, String unit) {
        switch (unit) {
            case "ns/op":
                return v / 1e6;
            case "us/op":
                return v / 1e3;
            case "ms/op":
                return v;
            case "s/op":
                return v * 1e3;
            default:
                return Double.NaN;
        }
    }

    // ------------------------------------------------------------------ formatting

    static String rate(SweepData.Capacity c) {
        if (c.lo() == 0) {
            return "none";
        }
        return (c.openEnded() ? ">=" : "") + LineChart.fmtRate(c.lo());
    }

    private static String join(String a, String b) {
        if (a == null || a.isEmpty()) {
            return b == null ? "" : b;
        }
        return b == null || b.isEmpty() ? a : a + "; " + b;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }
}
