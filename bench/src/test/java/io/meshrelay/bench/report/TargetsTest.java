package io.meshrelay.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pass/short marks follow the issues' thresholds and say "undecided" when the data cannot decide. */
class TargetsTest {
    private static Targets.Mark ratioMark(SweepData.Capacity a, SweepData.Capacity b, double threshold) {
        List<Targets.Check> out = new ArrayList<>();
        Targets.ratio(out, "4", "t", a, b, threshold, "a", "b", "");
        return out.get(0).mark();
    }

    private static SweepData.Capacity closed(long lo) {
        return new SweepData.Capacity(lo, lo * 2, false, "bisection", "loss");
    }

    private static SweepData.Capacity open(long lo) {
        return new SweepData.Capacity(lo, 0, true, "bisection", "no tested rate failed");
    }

    @Test
    void ratioAboveTheThresholdPassesAndBelowIsShort() {
        assertEquals(Targets.Mark.PASS, ratioMark(closed(150), closed(100), 1.5));
        assertEquals(Targets.Mark.SHORT, ratioMark(closed(149), closed(100), 1.5));
    }

    @Test
    void anUnsaturatedRelayMakesOnlyOneSideOfTheRatioCertain() {
        // meshrelay never lost packets: its capacity is >= lo, so a low ratio is only a lower bound
        assertEquals(Targets.Mark.UNDECIDED, ratioMark(open(100), closed(100), 1.5));
        assertEquals(Targets.Mark.PASS, ratioMark(open(200), closed(100), 1.5));
        // the comparator never lost packets: a high ratio could shrink
        assertEquals(Targets.Mark.UNDECIDED, ratioMark(closed(200), open(100), 1.5));
        assertEquals(Targets.Mark.SHORT, ratioMark(closed(100), open(100), 1.5));
    }

    @Test
    void aRelayThatSustainedNothingDecidesTheRatio() {
        assertEquals(Targets.Mark.PASS, ratioMark(closed(100), new SweepData.Capacity(0, 20, false, "sweep", "loss"), 1.5));
        assertEquals(Targets.Mark.SHORT, ratioMark(new SweepData.Capacity(0, 20, false, "sweep", "loss"), closed(100), 0.8));
    }

    @Test
    void unitsConvertToMilliseconds() {
        assertEquals(1.5, Targets.toMs(1500, "us/op"), 1e-12);
        assertEquals(0.002, Targets.toMs(2000, "ns/op"), 1e-12);
        assertEquals(3, Targets.toMs(3, "ms/op"), 1e-12);
    }

    @Test
    void evaluatesEveryIssueFromAQuickRun(@TempDir Path dir) throws Exception {
        ReportFixtures.quickRun(dir);
        List<Targets.Check> checks = Targets.evaluate(new Targets.Inputs(JmhData.loadDir(dir.resolve("jmh")),
                JmhData.loadDir(dir.resolve("srtp")), BenchReport.libsrtp2(dir.resolve("srtp/libsrtp2.json")),
                SweepData.empty(), SweepData.load(dir.resolve("relaybench/sweep")), SweepData.empty(),
                SweepData.load(dir.resolve("load"))));
        Map<String, Targets.Mark> m = new java.util.LinkedHashMap<>();
        for (Targets.Check c : checks) {
            m.put(c.target(), c.mark());
        }
        assertEquals(Targets.Mark.PASS, m.get("protect 160 B AES_CM_128_HMAC_SHA1_80 >= 3x libsrtp2 packets/s"));
        assertEquals(Targets.Mark.PASS, m.get("... and >= 1.5 M packets/s on one core"));
        assertEquals(Targets.Mark.SHORT, m.get("protect 1200 B AEAD_AES_128_GCM >= 1.5x libsrtp2"));
        assertEquals(Targets.Mark.PASS, m.get("zero bytes allocated per packet"));
        // meshrelay 200k vs rtpengine 100k = 2.0x; vs refrelay 200k = 1.0x
        assertEquals(Targets.Mark.PASS, m.get("meshrelay >= 1.5 x rtpengine at 100 flow(s)"));
        assertEquals(Targets.Mark.PASS, m.get("meshrelay >= 0.8 x refrelay at 1 flow(s)"));
        // half of 200k: the 100k point; meshrelay +150 us vs refrelay +100 us
        assertEquals(Targets.Mark.PASS, m.get("p99 added latency at half load <= 2x refrelay's, 100 flow(s)"));
        // srtp 50k / plain 100k = 0.5
        assertEquals(Targets.Mark.SHORT, m.get("SRTP re-protect >= 60% of the plain rate, 1 flow(s)"));
        assertEquals(Targets.Mark.PASS, m.get("zero bytes allocated per packet (beyond Netty's datagram wrapper)"));
        assertEquals(Targets.Mark.PASS, m.get("Java generator is not the bottleneck at 1 flow(s)"));
        assertEquals(Targets.Mark.MISSING, m.get("k=4 ranked paths on 200 nodes < 2 ms"));
        assertTrue(checks.stream().allMatch(c -> c.issue() != null && c.measured() != null));
    }

    @Test
    void pathTargetsReadTheWorstVariantOfTheSampleTimeBenchmark(@TempDir Path dir) throws Exception {
        ReportFixtures.lines(dir.resolve("jmh/PathBenchmarks.json"), List.of("[" + String.join(",",
                ReportFixtures.jmh("path.KShortestPathsBenchmark.rankK4", "sample", "\"nodes\":\"200\",\"shape\":\"geo\"",
                        900, "us/op", 10),
                ReportFixtures.jmh("path.KShortestPathsBenchmark.rankK4", "sample", "\"nodes\":\"200\",\"shape\":\"uniform\"",
                        2500, "us/op", 10),
                ReportFixtures.jmh("path.KShortestPathsBenchmark.rankK4", "sample", "\"nodes\":\"1000\",\"shape\":\"geo\"",
                        12000, "us/op", 10)) + "]"));
        List<Targets.Check> checks = Targets.evaluate(new Targets.Inputs(JmhData.loadDir(dir.resolve("jmh")),
                JmhData.of(List.of()), Map.of(), SweepData.empty(), SweepData.empty(), SweepData.empty(),
                SweepData.empty()));
        Targets.Check p200 = checks.stream().filter(c -> c.target().contains("200 nodes")).findFirst().orElseThrow();
        Targets.Check p1000 = checks.stream().filter(c -> c.target().contains("1000 nodes")).findFirst().orElseThrow();
        assertEquals(Targets.Mark.SHORT, p200.mark(), p200.measured());
        assertTrue(p200.note().contains("uniform"), p200.note());
        assertEquals(Targets.Mark.PASS, p1000.mark(), p1000.measured());
    }
}
