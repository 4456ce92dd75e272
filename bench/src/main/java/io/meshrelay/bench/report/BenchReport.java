package io.meshrelay.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one {@code scripts/bench} results directory into {@code summary.md} (targets with
 * pass/short marks, the relays side by side as ratios, JMH tables, the machine and its load),
 * {@code targets.json}, and PNG plots under {@code plots/}: delivered vs offered rate and latency
 * percentiles vs rate, per relay and flow count. Layout it reads:
 *
 * <pre>
 * meta.json, phases.jsonl            machine, versions, load averages (scripts/bench)
 * jmh/*.json                         JMH -rf json of the hot-path suite (and path JMH)
 * srtp/                              scripts/bench-srtp output (libsrtp2.json, jmh-*.json, summary.md)
 * relaybench/{sweep,findmax,half}/   relaybench run.sh output (results.jsonl, findmax.jsonl)
 * load/                              the Java generator's sweep (results.jsonl, findmax.jsonl, meta.json)
 * </pre>
 *
 * Missing parts are reported as missing, never invented. Runs once, single-threaded, headless.
 */
public final class BenchReport {
    private static final Map<String, Color> COLORS = Map.of(
            "direct", new Color(0x777777),
            "refrelay", new Color(0x1f77b4),
            "refrelay-bigbuf", new Color(0x17becf),
            "rtpengine", new Color(0xff7f0e),
            "meshrelay", new Color(0xd62728),
            "meshrelay-srtp", new Color(0x9467bd));
    private static final Color[] SPARE = {new Color(0x2ca02c), new Color(0x8c564b), new Color(0xe377c2)};

    private final Path dir;
    private final JsonNode meta;
    private final List<JsonNode> phases;
    private final JmhData jmh;
    private final JmhData srtpJmh;
    private final Map<String, Double> libsrtp2;
    private final SweepData relaySweep;
    private final SweepData relayFindmax;
    private final SweepData relayHalf;
    private final SweepData load;
    private final List<String> plotFiles = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    BenchReport(Path dir) throws IOException {
        this.dir = dir;
        this.meta = readJson(dir.resolve("meta.json"));
        this.phases = SweepData.lines(dir.resolve("phases.jsonl"));
        this.jmh = JmhData.loadDir(dir.resolve("jmh"));
        this.srtpJmh = JmhData.loadDir(dir.resolve("srtp"));
        this.libsrtp2 = libsrtp2(dir.resolve("srtp/libsrtp2.json"));
        this.relaySweep = SweepData.load(dir.resolve("relaybench/sweep"));
        this.relayFindmax = SweepData.load(dir.resolve("relaybench/findmax"));
        this.relayHalf = SweepData.load(dir.resolve("relaybench/half"));
        this.load = SweepData.load(dir.resolve("load"));
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        if (args.length == 4 && args[0].equals("--capacity")) {
            // scripts/bench: the sustained rate by the report's own rule, e.g. to place half-load points
            SweepData.Capacity c = SweepData.load(Path.of(args[1])).capacity(args[2], Integer.parseInt(args[3]),
                    Targets.SUSTAINED);
            System.out.println(c == null ? 0 : c.lo());
            return;
        }
        if (args.length != 1) {
            System.err.println("usage: BenchReport RESULTS_DIR   (writes summary.md, targets.json, plots/*.png there)\n"
                    + "       BenchReport --capacity SWEEP_DIR RELAY FLOWS   (prints the sustained rate)");
            System.exit(2);
        }
        Path d = Path.of(args[0]);
        if (!Files.isDirectory(d)) {
            System.err.println("BenchReport: no such directory: " + d);
            System.exit(2);
        }
        BenchReport r = new BenchReport(d);
        List<Targets.Check> checks = r.write();
        long pass = checks.stream().filter(c -> c.mark() == Targets.Mark.PASS).count();
        System.err.printf(Locale.ROOT, "BenchReport: %d targets: %d pass, %d short, %d undecided, %d missing -> %s%n",
                checks.size(), pass, count(checks, Targets.Mark.SHORT), count(checks, Targets.Mark.UNDECIDED),
                count(checks, Targets.Mark.MISSING), d.resolve("summary.md"));
    }

    private static long count(List<Targets.Check> c, Targets.Mark m) {
        return c.stream().filter(x -> x.mark() == m).count();
    }

    /** Writes everything; returns the evaluated targets. */
    List<Targets.Check> write() throws IOException {
        List<Targets.Check> checks = Targets.evaluate(new Targets.Inputs(jmh, srtpJmh, libsrtp2, relayFindmax,
                relaySweep, relayHalf, load));
        plots();
        Files.writeString(dir.resolve("summary.md"), summary(checks));
        ArrayNode arr = SweepData.JSON.createArrayNode();
        for (Targets.Check c : checks) {
            arr.addObject().put("issue", c.issue()).put("target", c.target()).put("measured", c.measured())
                    .put("mark", c.mark().name()).put("note", c.note());
        }
        ObjectNode root = SweepData.JSON.createObjectNode();
        root.put("noisy", noisy());
        root.set("targets", arr);
        Files.writeString(dir.resolve("targets.json"), root.toPrettyString() + "\n");
        return checks;
    }

    // ------------------------------------------------------------------ inputs

    private static JsonNode readJson(Path p) throws IOException {
        return Files.isRegularFile(p) ? SweepData.JSON.readTree(p.toFile()) : SweepData.JSON.createObjectNode();
    }

    /** "suite/payload/op" to packets/s (median of the C runs). */
    static Map<String, Double> libsrtp2(Path p) throws IOException {
        Map<String, Double> m = new HashMap<>();
        if (!Files.isRegularFile(p)) {
            return m;
        }
        for (JsonNode r : SweepData.JSON.readTree(p.toFile()).path("results")) {
            m.put(r.path("suite").asText() + "/" + r.path("payload").asInt() + "/" + r.path("op").asText(),
                    r.path("pps_median").asDouble());
        }
        return m;
    }

    /**
     * Noisy unless the 1-minute load average was under 0.5 before every measuring phase and the
     * relay points saw other processes use under 0.1 cores (median).
     */
    boolean noisy() {
        for (JsonNode ph : phases) {
            if (ph.path("load_before").asDouble(0) >= 0.5) {
                return true;
            }
        }
        List<Double> other = new ArrayList<>();
        for (SweepData s : List.of(relaySweep, relayFindmax, relayHalf, load)) {
            for (String r : s.relays()) {
                for (int f : s.flowCounts()) {
                    for (SweepData.Point p : s.curve(r, f)) {
                        if (!Double.isNaN(p.otherCores())) {
                            other.add(p.otherCores());
                        }
                    }
                }
            }
        }
        return !other.isEmpty() && SweepData.median(other) >= 0.1 || meta.path("noisy").asBoolean(false);
    }

    // ------------------------------------------------------------------ plots

    private void plots() {
        String note = machineLine();
        plotSweep(relaySweep, "relaybench", "C blaster (rtpblast)", note);
        plotSweep(load, "load", "Java generator (Netty epoll)", note);
    }

    private void plotSweep(SweepData s, String prefix, String generator, String note) {
        for (int flows : s.flowCounts()) {
            LineChart d = new LineChart(fmt("Delivered vs offered, %d flow(s), %s", flows, generator),
                    "offered packets/s (really sent)", "delivered packets/s", false).diagonal().note(note);
            LineChart l = new LineChart(fmt("One-way latency vs rate, %d flow(s), %s: p50 solid, p99 dashed", flows,
                    generator), "offered packets/s", "latency (us, log scale)", true).note(note);
            int spare = 0;
            for (String relay : s.relays()) {
                List<SweepData.Point> c = s.curve(relay, flows);
                if (c.isEmpty()) {
                    continue;
                }
                Color col = COLORS.getOrDefault(relay, SPARE[spare++ % SPARE.length]);
                double[] x = new double[c.size()];
                double[] del = new double[c.size()];
                double[] p50 = new double[c.size()];
                double[] p90 = new double[c.size()];
                double[] p99 = new double[c.size()];
                double[] p999 = new double[c.size()];
                for (int i = 0; i < c.size(); i++) {
                    SweepData.Point p = c.get(i);
                    x[i] = Double.isNaN(p.rateSent()) ? p.rate() : p.rateSent();
                    del[i] = p.rateDelivered();
                    p50[i] = p.p50();
                    p90[i] = p.p90();
                    p99[i] = p.p99();
                    p999[i] = p.p999();
                }
                d.series(relay, col, false, x, del);
                l.series(relay + " p50", col, false, x, p50);
                l.series(relay + " p99", col, true, x, p99);
                LineChart per = new LineChart(fmt("%s: latency percentiles vs rate, %d flow(s), %s", relay, flows,
                        generator), "offered packets/s", "latency (us, log scale)", true).note(note);
                per.series("p50", new Color(0x2ca02c), false, x, p50);
                per.series("p90", new Color(0x1f77b4), false, x, p90);
                per.series("p99", new Color(0xff7f0e), false, x, p99);
                per.series("p99.9", new Color(0xd62728), false, x, p999);
                save(per, fmt("%s-latency-%s-%dflows.png", prefix, relay, flows));
            }
            save(d, fmt("%s-delivered-%dflows.png", prefix, flows));
            save(l, fmt("%s-latency-%dflows.png", prefix, flows));
        }
    }

    private void save(LineChart c, String name) {
        if (c.isEmpty()) {
            return;
        }
        try {
            c.write(dir.resolve("plots").resolve(name));
            plotFiles.add(name);
        } catch (IOException | RuntimeException | Error e) {
            // headless Java2D needs fontconfig and a font: say what failed, keep the summary
            problems.add("plot " + name + " not written: " + e);
        }
    }

    // ------------------------------------------------------------------ summary.md

    private String summary(List<Targets.Check> checks) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("# meshrelay benchmark summary: ").append(meta.path("date").asText("?")).append(" (")
                .append(meta.path("mode").asText("?")).append(" mode)\n\n");
        if (noisy()) {
            b.append("> **NOISY RUN: indicative figures only.** Other processes loaded the machine while it ran (load ")
                    .append("averages and other-process CPU below). Re-run `scripts/bench --full` in a quiet window ")
                    .append("before quoting any number.\n\n");
        }
        if (!meta.path("note").asText("").isEmpty()) {
            b.append("> ").append(meta.path("note").asText()).append("\n\n");
        }
        machine(b);
        b.append("How to read this page: [docs/benchmarks.md](../../../docs/benchmarks.md).\n\n");

        b.append("## Targets\n\n| issue | target | measured | mark | note |\n|---|---|---|---|---|\n");
        for (Targets.Check c : checks) {
            b.append("| ").append(c.issue()).append(" | ").append(esc(c.target())).append(" | ").append(esc(c.measured()))
                    .append(" | ").append(markText(c.mark())).append(" | ").append(esc(c.note())).append(" |\n");
        }
        b.append("\nMarks: **PASS** / **SHORT** when the data decide it; *undecided* when a relay was never pushed to ")
                .append("loss (a ratio is then only a bound); *missing* when the phase did not run.\n\n");

        relays(b);
        loadSection(b);
        jmhSection(b);
        srtpSection(b);
        phasesSection(b);
        if (!problems.isEmpty()) {
            b.append("\n## Problems while reporting\n\n");
            for (String p : problems) {
                b.append("- ").append(esc(p)).append('\n');
            }
        }
        return b.toString();
    }

    private void machine(StringBuilder b) {
        JsonNode m = meta.path("machine");
        JsonNode v = meta.path("versions");
        b.append("| machine | |\n|---|---|\n");
        row(b, "CPU", m.path("cpu").asText("?") + ", " + m.path("cores").asText("?") + " cores"
                + (m.path("virt").asText("").isEmpty() ? "" : ", " + m.path("virt").asText()));
        row(b, "CPU flags", m.path("flags").asText("-"));
        row(b, "memory", m.path("mem").asText("-"));
        row(b, "kernel", m.path("kernel").asText("-"));
        row(b, "Java", v.path("java").asText("-"));
        row(b, "rtpengine", v.path("rtpengine").asText("-"));
        row(b, "libsrtp2", v.path("libsrtp2").asText("-"));
        row(b, "meshrelay", v.path("meshrelay").asText("-") + " (git " + meta.path("git").path("commit").asText("?")
                + (meta.path("git").path("dirty").asBoolean(false) ? ", uncommitted changes" : "") + ")");
        row(b, "meshrelay node", meta.path("node").asText("-"));
        row(b, "sysctl", meta.path("sysctl").asText("-"));
        row(b, "load average", "start " + meta.path("load_start").asText("?") + ", end " + meta.path("load_end").asText("?"));
        row(b, "command", "`" + meta.path("command").asText("scripts/bench") + "`");
        b.append('\n');
    }

    private String machineLine() {
        JsonNode m = meta.path("machine");
        return fmt("%s, %s cores, %s; load start %s%s", m.path("cpu").asText("?"), m.path("cores").asText("?"),
                meta.path("date").asText(""), meta.path("load_start").asText("?"), noisy() ? "; NOISY RUN" : "");
    }

    private void relays(StringBuilder b) {
        b.append("## Relays side by side (C blaster, relaybench)\n\n");
        if (relaySweep.isEmpty() && relayFindmax.isEmpty()) {
            b.append("*Not run.*\n\n");
            return;
        }
        SweepData cap = relayFindmax.isEmpty() ? relaySweep : relayFindmax;
        b.append("Same packets (172-byte RTP), same pinned blaster for every relay, points interleaved with the order ")
                .append("rotating. Sustained rate = highest offered rate meeting ").append(Targets.SUSTAINED.describe())
                .append(", every lower tested rate too (")
                .append(relayFindmax.isEmpty() ? "the sweep's rates: coarse" : "bisection points").append(").\n\n");
        capacityTable(b, cap, "meshrelay", new String[] {"refrelay", "refrelay-bigbuf", "rtpengine"});
        for (int flows : relaySweep.flowCounts()) {
            rateTable(b, relaySweep, flows, "meshrelay", new String[] {"refrelay", "refrelay-bigbuf", "rtpengine"});
            images(b, "relaybench", flows);
        }
        if (!relayHalf.isEmpty()) {
            b.append("### Half load (dedicated points)\n\n");
            for (int flows : relayHalf.flowCounts()) {
                rateTable(b, relayHalf, flows, "meshrelay", new String[] {"refrelay", "refrelay-bigbuf"});
            }
        }
    }

    private void loadSection(StringBuilder b) {
        b.append("## Java load generator: plain vs SRTP re-protect through the node\n\n");
        if (load.isEmpty()) {
            b.append("*Not run.*\n\n");
            return;
        }
        b.append("`meshrelay` = plain RTP leg to leg, `meshrelay-srtp` = SRTP in with the generator's key, ")
                .append("re-protected by the node with the key it answered for the receiving leg, unprotected and ")
                .append("checked by the receiver; `direct` = the generator alone (its capacity).\n\n");
        capacityTable(b, load, "meshrelay-srtp", new String[] {"meshrelay"});
        for (int flows : load.flowCounts()) {
            rateTable(b, load, flows, "meshrelay-srtp", new String[] {"meshrelay"});
            images(b, "load", flows);
        }
    }

    private void capacityTable(StringBuilder b, SweepData s, String main, String[] others) {
        List<String> relays = s.relays();
        b.append("| flows |");
        for (String r : relays) {
            b.append(' ').append(r).append(" |");
        }
        List<String> ratios = new ArrayList<>();
        for (String o : others) {
            if (relays.contains(o) && relays.contains(main)) {
                ratios.add(o);
                b.append(' ').append(main).append(" / ").append(o).append(" |");
            }
        }
        b.append("\n|---:|");
        b.append("---:|".repeat(relays.size() + ratios.size()));
        b.append('\n');
        for (int flows : s.flowCounts()) {
            b.append("| ").append(flows).append(" |");
            for (String r : relays) {
                SweepData.Capacity c = s.capacity(r, flows, Targets.SUSTAINED);
                b.append(' ').append(c == null ? "-" : Targets.rate(c)).append(" |");
            }
            SweepData.Capacity mc = s.capacity(main, flows, Targets.SUSTAINED);
            for (String o : ratios) {
                SweepData.Capacity oc = s.capacity(o, flows, Targets.SUSTAINED);
                String v = "-";
                if (mc != null && oc != null && mc.lo() > 0 && oc.lo() > 0) {
                    v = fmt("%.2f", (double) mc.lo() / oc.lo());
                }
                b.append(' ').append(v).append(" |");
            }
            b.append('\n');
        }
        b.append("\n`>=`: no tested rate failed (or the generator fell short first): the capacity is at least this.\n\n");
        for (int flows : s.flowCounts()) {
            for (String r : relays) {
                SweepData.Capacity c = s.capacity(r, flows, Targets.SUSTAINED);
                if (c != null) {
                    b.append("- ").append(r).append(", ").append(flows).append(" flow(s): ").append(c.describe())
                            .append('\n');
                }
            }
        }
        b.append('\n');
    }

    private void rateTable(StringBuilder b, SweepData s, int flows, String main, String[] others) {
        b.append("### ").append(flows).append(" flow(s)\n\n");
        b.append("| offered/s | relay | sent/s | delivered/s | loss % | p50 us | p99 us | p99.9 us | relay CPU % | ")
                .append("relay CPU us/pkt | other cores | notes |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        java.util.TreeSet<Integer> rates = new java.util.TreeSet<>();
        for (String r : s.relays()) {
            for (SweepData.Point p : s.curve(r, flows)) {
                rates.add(p.rate());
            }
        }
        for (int rate : rates) {
            for (String r : s.relays()) {
                SweepData.Point p = s.point(r, flows, rate);
                if (p == null) {
                    continue;
                }
                List<String> notes = new ArrayList<>();
                if (p.noisy()) {
                    notes.add("noisy");
                }
                if (p.dup() > 0) {
                    notes.add("dup=" + p.dup());
                }
                if (p.reorder() > 0) {
                    notes.add("reorder=" + p.reorder());
                }
                if (p.skipped() > 0) {
                    notes.add("generator_short=" + p.skipped());
                }
                if (p.relaySockDrops() > 0) {
                    notes.add("relay_sock_drops=" + p.relaySockDrops());
                }
                if (p.n() > 1) {
                    notes.add("n=" + p.n());
                }
                boolean cpu = !Double.isNaN(p.relayCpuPct()) && p.rateSent() > 0;
                b.append(fmt("| %d | %s | %.0f | %.0f | %.3f | %.1f | %.1f | %.1f | %s | %s | %s | %s |%n", rate, r,
                        p.rateSent(), p.rateDelivered(), p.lossPct(), p.p50(), p.p99(), p.p999(),
                        cpu ? fmt("%.0f", p.relayCpuPct()) : "-",
                        cpu ? fmt("%.2f", p.relayCpuPct() / 100 * 1e6 / p.rateSent()) : "-",
                        Double.isNaN(p.otherCores()) ? "-" : fmt("%.2f", p.otherCores()), String.join(" ", notes)));
            }
            SweepData.Point m = s.point(main, flows, rate);
            for (String o : others) {
                SweepData.Point op = s.point(o, flows, rate);
                if (m != null && op != null && op.rateDelivered() > 0 && op.p99() > 0) {
                    b.append(fmt("| %d | *%s / %s* | | %.2f | | %.2f | %.2f | | %s | | | ratio |%n", rate, main, o,
                            m.rateDelivered() / op.rateDelivered(), m.p50() / op.p50(), m.p99() / op.p99(),
                            Double.isNaN(m.relayCpuPct()) || Double.isNaN(op.relayCpuPct()) || op.relayCpuPct() <= 0
                                    ? "" : fmt("%.2f", m.relayCpuPct() / op.relayCpuPct())));
                }
            }
        }
        b.append('\n');
    }

    private void images(StringBuilder b, String prefix, int flows) {
        for (String kind : new String[] {"delivered", "latency"}) {
            String f = fmt("%s-%s-%dflows.png", prefix, kind, flows);
            if (plotFiles.contains(f)) {
                b.append("![").append(f).append("](plots/").append(f).append(")\n");
            }
        }
        List<String> per = new ArrayList<>();
        for (String f : plotFiles) {
            if (f.startsWith(prefix + "-latency-") && f.endsWith("-" + flows + "flows.png")
                    && !f.equals(fmt("%s-latency-%dflows.png", prefix, flows))) {
                per.add("[" + f.substring((prefix + "-latency-").length(), f.length() - ("-" + flows + "flows.png").length())
                        + "](plots/" + f + ")");
            }
        }
        if (!per.isEmpty()) {
            b.append("\nLatency percentiles per relay: ").append(String.join(", ", per)).append('\n');
        }
        b.append('\n');
    }

    private void jmhSection(StringBuilder b) {
        b.append("## JMH: the hot path, one class per operation\n\n");
        if (jmh.rows().isEmpty()) {
            b.append("*Not run.*\n\n");
            return;
        }
        b.append("Score ± 99.9% error (JMH), allocation from `-prof gc` (`gc.alloc.rate.norm`). ")
                .append("ForwardingBenchmark: 1e9 / ns per packet bounds packets/s per core before syscalls; its ")
                .append("B/op includes one 24-byte DatagramPacket per datagram written (route WRAPPER).\n\n")
                .append("| benchmark | params | score | error | unit | B/op |\n|---|---|---:|---:|---|---:|\n");
        for (JmhData.Row r : jmh.rows()) {
            b.append(fmt("| %s | %s | %s | %s | %s | %s |%n", r.benchmark(), esc(r.paramText()), num(r.score()),
                    Double.isNaN(r.error()) ? "-" : num(r.error()), r.unit(),
                    Double.isNaN(r.allocNorm()) ? "-" : fmt("%.2f", r.allocNorm())));
        }
        b.append('\n');
    }

    private void srtpSection(StringBuilder b) throws IOException {
        b.append("## SRTP against libsrtp2 (scripts/bench-srtp)\n\n");
        Path s = dir.resolve("srtp/summary.md");
        if (!Files.isRegularFile(s)) {
            b.append("*Not run.*\n\n");
            return;
        }
        for (String line : Files.readAllLines(s)) {
            b.append(line.startsWith("#") ? "##" + line : line).append('\n');
        }
        b.append('\n');
    }

    private void phasesSection(StringBuilder b) {
        b.append("## Phases\n\n");
        if (phases.isEmpty()) {
            b.append("*No phase log.*\n");
            return;
        }
        b.append("| phase | status | seconds | load before | load after |\n|---|---|---:|---:|---:|\n");
        for (JsonNode p : phases) {
            b.append(fmt("| %s | %s | %d | %s | %s |%n", p.path("name").asText(), p.path("status").asText(),
                    p.path("seconds").asLong(), p.path("load_before").asText(), p.path("load_after").asText()));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void row(StringBuilder b, String k, String v) {
        b.append("| ").append(k).append(" | ").append(esc(v)).append(" |\n");
    }

    private static String markText(Targets.Mark m) {
        switch (m) {
            case PASS:
                return "**PASS**";
            case SHORT:
                return "**SHORT**";
            case UNDECIDED:
                return "*undecided*";
            default:
                return "*missing*";
        }
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }

    private static String num(double v) {
        if (Math.abs(v) >= 1e6) {
            return fmt("%.3e", v);
        }
        if (Math.abs(v) >= 100) {
            return fmt("%.0f", v);
        }
        return fmt("%.3f", v);
    }

    private static String fmt(String f, Object... a) {
        return String.format(Locale.ROOT, f, a);
    }

    /** For tests: the charts that were written. */
    List<String> plotFiles() {
        return List.copyOf(plotFiles);
    }
}
