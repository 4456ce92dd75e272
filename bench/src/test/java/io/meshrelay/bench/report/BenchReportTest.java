package io.meshrelay.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A results directory becomes summary.md, targets.json and readable PNG plots. */
class BenchReportTest {
    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void writesSummaryTargetsAndPlotsForAQuickRun(@TempDir Path dir) throws Exception {
        ReportFixtures.quickRun(dir);
        BenchReport r = new BenchReport(dir);
        List<Targets.Check> checks = r.write();
        String md = Files.readString(dir.resolve("summary.md"));
        assertTrue(md.contains("## Targets"));
        assertTrue(md.contains("| 4 forwarding | meshrelay >= 1.5 x rtpengine at 100 flow(s) |"), md);
        assertTrue(md.contains("**PASS**") && md.contains("**SHORT**") && md.contains("*missing*"));
        assertTrue(md.contains("| 100 | >=300k | 200k | 100k | 200k | 1.00 | 2.00 |"), "capacity table: " + md);
        assertTrue(md.contains("*meshrelay / refrelay*"), "per-rate ratios");
        assertFalse(md.contains("NOISY RUN"), "quiet fixture");
        assertTrue(Files.readString(dir.resolve("targets.json")).contains("\"mark\" : \"PASS\""));
        assertEquals(checks.size(), com.fasterxml.jackson.databind.json.JsonMapper.builder().build()
                .readTree(dir.resolve("targets.json").toFile()).get("targets").size());
        for (String png : List.of("relaybench-delivered-1flows.png", "relaybench-latency-100flows.png",
                "relaybench-latency-meshrelay-1flows.png", "load-delivered-100flows.png")) {
            BufferedImage img = ImageIO.read(dir.resolve("plots").resolve(png).toFile());
            assertEquals(LineChart.WIDTH, img.getWidth(), png);
            assertEquals(LineChart.HEIGHT, img.getHeight(), png);
            assertTrue(md.contains("plots/" + png), png + " is linked from the summary");
        }
    }

    @Test
    void marksANoisyRunAndReportsWhatDidNotRun(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("phases.jsonl"),
                "{\"name\":\"relaybench\",\"status\":\"failed (exit 1)\",\"seconds\":3,\"load_before\":3.2,\"load_after\":3}\n");
        new BenchReport(dir).write();
        String md = Files.readString(dir.resolve("summary.md"));
        assertTrue(md.contains("NOISY RUN"), md);
        assertTrue(md.contains("failed (exit 1)"));
        assertTrue(md.contains("*Not run.*"));
        assertTrue(md.contains("*missing*"));
    }

    @Test
    void niceTicksAndRateLabels() {
        double[] t = LineChart.niceTicks(0, 297_000);
        assertEquals(0, t[0]);
        assertTrue(t[t.length - 1] >= 297_000 && t.length <= 10, java.util.Arrays.toString(t));
        assertEquals("250k", LineChart.fmtRate(250_000));
        assertEquals("1.5M", LineChart.fmtRate(1_500_000));
        assertEquals("12.5", LineChart.fmtRate(12.5));
    }
}
