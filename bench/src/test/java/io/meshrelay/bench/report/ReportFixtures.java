package io.meshrelay.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes small, hand-made result files in the layouts BenchReport reads. */
final class ReportFixtures {
    private ReportFixtures() {
    }

    /** One relaybench/loadsweep record. */
    static String point(String relay, int flows, int rate, double loss, double p50, double p99, double otherCores) {
        return String.format(Locale.ROOT, "{\"relay\":\"%s\",\"flows\":%d,\"rate\":%d,\"rep\":1,\"attempt\":1,"
                + "\"rate_sent\":%d,\"rate_delivered\":%.0f,\"loss_pct\":%s,\"dup\":0,\"reorder\":0,\"skipped\":0,"
                + "\"relay_sock_drops\":0,\"lat_us\":{\"p50\":%s,\"p90\":%s,\"p99\":%s,\"p999\":%s,\"max\":%s},"
                + "\"relay_cpu_pct\":%s,\"blast_cpu_pct\":40.0,\"other_cores\":%s,\"noisy\":false}",
                relay, flows, rate, rate, rate * (1 - loss / 100), loss, p50, p50 * 1.5, p99, p99 * 2, p99 * 3,
                relay.equals("direct") ? "null" : "50.0", otherCores);
    }

    static void lines(Path file, List<String> lines) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n");
    }

    static String jmh(String benchmark, String mode, String params, double score, String unit, double alloc) {
        return String.format(Locale.ROOT, "{\"benchmark\":\"io.meshrelay.bench.%s\",\"mode\":\"%s\",\"params\":{%s},"
                + "\"primaryMetric\":{\"score\":%s,\"scoreError\":1.0,\"scoreUnit\":\"%s\","
                + "\"scorePercentiles\":{\"50.0\":%s,\"99.0\":%s}},"
                + "\"secondaryMetrics\":{\"gc.alloc.rate.norm\":{\"score\":%s,\"scoreUnit\":\"B/op\"}}}",
                benchmark, mode, params, score, unit, score, score * 2, alloc);
    }

    /** A complete quick-mode results directory where meshrelay meets every forwarding target. */
    static void quickRun(Path dir) throws IOException {
        Files.writeString(dir.resolve("meta.json"), "{\"date\":\"2026-11-22T00:00:00Z\",\"mode\":\"quick\","
                + "\"machine\":{\"cpu\":\"Test CPU\",\"cores\":2},\"load_start\":\"0.01 0.02 0.03\"}");
        Files.writeString(dir.resolve("phases.jsonl"),
                "{\"name\":\"jmh\",\"status\":\"ok\",\"seconds\":10,\"load_before\":0.01,\"load_after\":0.9}\n");
        lines(dir.resolve("jmh/ForwardingBenchmark.json"), List.of("[" + String.join(",",
                jmh("forward.ForwardingBenchmark.forward", "avgt", "\"route\":\"LEG_TO_LEG_PLAIN\"", 400, "ns/op", 24.1),
                jmh("forward.ForwardingBenchmark.forward", "avgt", "\"route\":\"WRAPPER\"", 3, "ns/op", 24.0)) + "]"));
        lines(dir.resolve("srtp/jmh-SrtpProtectBenchmark.json"), List.of("[" + String.join(",",
                jmh("srtp.SrtpProtectBenchmark.protect", "thrpt",
                        "\"suite\":\"AES_CM_128_HMAC_SHA1_80\",\"payload\":\"160\",\"buffer\":\"DIRECT\"", 2.5e6, "ops/s", 0.02),
                jmh("srtp.SrtpProtectBenchmark.protect", "thrpt",
                        "\"suite\":\"AEAD_AES_128_GCM\",\"payload\":\"1200\",\"buffer\":\"DIRECT\"", 0.4e6, "ops/s", 0.1))
                + "]"));
        lines(dir.resolve("srtp/libsrtp2.json"), List.of("{\"library\":\"libsrtp2\",\"results\":["
                + "{\"suite\":\"AES_CM_128_HMAC_SHA1_80\",\"payload\":160,\"op\":\"protect\",\"pps_median\":400000},"
                + "{\"suite\":\"AEAD_AES_128_GCM\",\"payload\":1200,\"op\":\"protect\",\"pps_median\":900000}]}"));
        List<String> relay = new ArrayList<>();
        for (int flows : new int[] {1, 100}) {
            for (int rate : new int[] {50_000, 100_000, 200_000, 300_000}) {
                relay.add(point("direct", flows, rate, 0, 20, 100, 0.01));
                relay.add(point("refrelay", flows, rate, rate <= 200_000 ? 0 : 5, 60, 200, 0.01));
                relay.add(point("rtpengine", flows, rate, rate <= 100_000 ? 0 : 30, 100, 400, 0.01));
                relay.add(point("meshrelay", flows, rate, rate <= 200_000 ? 0 : 8, 70, 250, 0.01));
            }
        }
        lines(dir.resolve("relaybench/sweep/results.jsonl"), relay);
        List<String> load = new ArrayList<>();
        for (int flows : new int[] {1, 100}) {
            for (int rate : new int[] {25_000, 50_000, 100_000, 200_000}) {
                load.add(point("direct", flows, rate, 0, 20, 100, 0.01));
                load.add(point("meshrelay", flows, rate, rate <= 100_000 ? 0 : 3, 70, 250, 0.01));
                load.add(point("meshrelay-srtp", flows, rate, rate <= 50_000 ? 0 : 4, 90, 300, 0.01));
            }
        }
        lines(dir.resolve("load/results.jsonl"), load);
    }
}
