package io.meshrelay.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One relay sweep's records (relaybench's {@code results.jsonl} or the Java generator's, same
 * fields), reduced like relaybench's report.py: per (relay, flows, rate, repetition) the least
 * noisy attempt, then the median over repetitions; plus the bisection results
 * ({@code findmax.jsonl}) when the run had them. Immutable after loading; any thread.
 */
public final class SweepData {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Median figures of one (relay, flows, rate) over its repetitions. */
    public record Point(String relay, int flows, int rate, int n, double rateSent, double rateDelivered, double lossPct,
            double p50, double p90, double p99, double p999, double max, double relayCpuPct, double blastCpuPct,
            double otherCores, boolean noisy, long dup, long reorder, long skipped, long relaySockDrops) {
    }

    /** A bisection bracket: {@code lo} passed (loss under the threshold), {@code hi} failed or was never reached. */
    public record Findmax(String relay, int flows, long lo, long loSent, long hi) {
    }

    private final List<String> relays;
    private final Map<String, Point> points;
    private final Map<String, Findmax> findmax;

    private SweepData(List<String> relays, Map<String, Point> points, Map<String, Findmax> findmax) {
        this.relays = relays;
        this.points = points;
        this.findmax = findmax;
    }

    public static SweepData empty() {
        return new SweepData(List.of(), Map.of(), Map.of());
    }

    /** Loads {@code dir/results.jsonl} and, if present, {@code dir/findmax.jsonl}; empty if the dir has neither. */
    public static SweepData load(Path dir) throws IOException {
        List<JsonNode> recs = lines(dir.resolve("results.jsonl"));
        attachSocketDrops(recs, lines(dir.resolve("meshrelay.sockdrops.jsonl")));
        Set<String> order = new LinkedHashSet<>();
        Map<String, JsonNode> best = new LinkedHashMap<>();
        for (JsonNode r : recs) {
            if (!r.has("relay") || !r.has("rate") || r.has("error")) {
                continue;
            }
            order.add(r.get("relay").asText());
            String k = r.get("relay").asText() + "|" + r.get("flows").asInt() + "|" + r.get("rate").asInt() + "|"
                    + r.path("rep").asInt(1);
            JsonNode cur = best.get(k);
            if (cur == null || r.path("other_cores").asDouble(0) < cur.path("other_cores").asDouble(0)) {
                best.put(k, r);
            }
        }
        Map<String, List<JsonNode>> groups = new LinkedHashMap<>();
        for (JsonNode r : best.values()) {
            groups.computeIfAbsent(key(r.get("relay").asText(), r.get("flows").asInt(), r.get("rate").asInt()),
                    x -> new ArrayList<>()).add(r);
        }
        Map<String, Point> pts = new LinkedHashMap<>();
        for (Map.Entry<String, List<JsonNode>> e : groups.entrySet()) {
            List<JsonNode> rs = e.getValue();
            JsonNode f = rs.get(0);
            pts.put(e.getKey(), new Point(f.get("relay").asText(), f.get("flows").asInt(), f.get("rate").asInt(),
                    rs.size(), med(rs, "rate_sent"), med(rs, "rate_delivered"), med(rs, "loss_pct"),
                    medLat(rs, "p50"), medLat(rs, "p90"), medLat(rs, "p99"), medLat(rs, "p999"), medLat(rs, "max"),
                    med(rs, "relay_cpu_pct"), med(rs, "blast_cpu_pct"), med(rs, "other_cores"),
                    rs.stream().anyMatch(r -> r.path("noisy").asBoolean(false)), sum(rs, "dup"), sum(rs, "reorder"),
                    sum(rs, "skipped"), sum(rs, "relay_sock_drops")));
        }
        Map<String, Findmax> fm = new LinkedHashMap<>();
        for (JsonNode r : lines(dir.resolve("findmax.jsonl"))) {
            Findmax f = new Findmax(r.get("relay").asText(), r.get("flows").asInt(), r.get("lo").asLong(),
                    r.path("lo_sent").asLong(0), r.get("hi").asLong());
            fm.put(f.relay() + "|" + f.flows(), f);
            order.add(f.relay());
        }
        return new SweepData(List.copyOf(order), pts, fm);
    }

    /**
     * relaybench's rbstat reads only IPv4 sockets, so meshrelay's (dual-stack IPv6) show no socket
     * drops there; the adapter logs them per point, in point order, and they replace the zero
     * when the counts line up one to one.
     */
    static void attachSocketDrops(List<JsonNode> recs, List<JsonNode> drops) {
        List<com.fasterxml.jackson.databind.node.ObjectNode> mesh = new ArrayList<>();
        for (JsonNode r : recs) {
            if ("meshrelay".equals(r.path("relay").asText()) && r.has("rate")) {
                mesh.add((com.fasterxml.jackson.databind.node.ObjectNode) r);
            }
        }
        if (drops.isEmpty() || drops.size() != mesh.size()) {
            return;
        }
        for (int i = 0; i < mesh.size(); i++) {
            mesh.get(i).put("relay_sock_drops", drops.get(i).path("sock_drops").asLong(0));
        }
    }

    static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file)) {
            line = line.trim();
            if (!line.isEmpty()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    private static String key(String relay, int flows, int rate) {
        return relay + "|" + flows + "|" + rate;
    }

    private static double med(List<JsonNode> rs, String field) {
        List<Double> v = new ArrayList<>();
        for (JsonNode r : rs) {
            JsonNode x = r.get(field);
            if (x != null && x.isNumber()) {
                v.add(x.asDouble());
            }
        }
        return median(v);
    }

    private static double medLat(List<JsonNode> rs, String field) {
        List<Double> v = new ArrayList<>();
        for (JsonNode r : rs) {
            JsonNode x = r.path("lat_us").get(field);
            if (x != null && x.isNumber() && x.asDouble() >= 0) {
                v.add(x.asDouble());
            }
        }
        return median(v);
    }

    private static long sum(List<JsonNode> rs, String field) {
        long s = 0;
        for (JsonNode r : rs) {
            s += Math.max(0, r.path(field).asLong(0));
        }
        return s;
    }

    static double median(List<Double> v) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    public boolean isEmpty() {
        return points.isEmpty() && findmax.isEmpty();
    }

    /** Relays in the order they first appear. */
    public List<String> relays() {
        return relays;
    }

    public List<Integer> flowCounts() {
        Set<Integer> f = new java.util.TreeSet<>();
        for (Point p : points.values()) {
            f.add(p.flows());
        }
        for (Findmax m : findmax.values()) {
            f.add(m.flows());
        }
        return List.copyOf(f);
    }

    public boolean hasRelay(String relay) {
        return relays.contains(relay);
    }

    /** The points of {@code relay} at {@code flows}, by increasing rate. */
    public List<Point> curve(String relay, int flows) {
        TreeMap<Integer, Point> m = new TreeMap<>();
        for (Point p : points.values()) {
            if (p.relay().equals(relay) && p.flows() == flows) {
                m.put(p.rate(), p);
            }
        }
        return List.copyOf(m.values());
    }

    public Point point(String relay, int flows, int rate) {
        return points.get(key(relay, flows, rate));
    }

    public Findmax findmax(String relay, int flows) {
        return findmax.get(relay + "|" + flows);
    }

    /**
     * What counts as sustaining a rate: loss under {@code lossMaxPct}, the relay keeping up (median
     * one-way latency under {@code p50MaxUs}: an overloaded relay with large socket buffers loses
     * nothing for seconds while its backlog grows, see relaybench's caveats), and the generator
     * really offering the rate (at least {@code minSentFraction} of it sent).
     */
    public record Criteria(double lossMaxPct, double p50MaxUs, double minSentFraction) {
        public String describe() {
            return String.format(java.util.Locale.ROOT, "loss < %s%%, p50 < %s ms, >= %.0f%% of the rate really sent",
                    trim(lossMaxPct), trim(p50MaxUs / 1000), minSentFraction * 100);
        }

        private static String trim(double v) {
            return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        }
    }

    /**
     * The highest rate sustained by {@code criteria}, scanning the tested rates upwards (sweep and
     * bisection points alike): {@code lo} is the last rate that passed before the first that failed
     * ({@code hi}); if nothing failed the bracket is open-ended (the capacity is at least {@code lo}).
     * A point where the generator sent less than {@code minSentFraction} of the nominal rate counts
     * at the rate it really sent.
     */
    public Capacity capacity(String relay, int flows, Criteria criteria) {
        List<Point> c = curve(relay, flows);
        Findmax f = findmax(relay, flows);
        String method = f != null ? "bisection" : "sweep";
        if (c.isEmpty()) {
            return f == null ? null : new Capacity(f.lo(), f.hi(), true, method, "bisection points missing");
        }
        long ok = 0;
        String shortNote = null;
        for (Point p : c) {
            boolean generatorShort = !(p.rateSent() >= criteria.minSentFraction() * p.rate());
            long effective = generatorShort && p.rateSent() > 0 ? Math.round(p.rateSent()) : p.rate();
            String at = LineChart.fmtRate(p.rate()) + (generatorShort ? String.format(java.util.Locale.ROOT,
                    " (generator short: sent %s/s)", LineChart.fmtRate(Math.round(p.rateSent()))) : "");
            if (!(p.lossPct() < criteria.lossMaxPct())) {
                return new Capacity(ok, effective, false, method,
                        String.format(java.util.Locale.ROOT, "loss %.3f%% at %s", p.lossPct(), at));
            }
            if (!(p.p50() < criteria.p50MaxUs())) {
                return new Capacity(ok, effective, false, method,
                        String.format(java.util.Locale.ROOT, "p50 %.1f ms at %s: backlog", p.p50() / 1000, at));
            }
            ok = Math.max(ok, effective);
            if (generatorShort) {
                shortNote = String.format(java.util.Locale.ROOT, "generator short at %s (sent %s/s)",
                        LineChart.fmtRate(p.rate()), LineChart.fmtRate(Math.round(p.rateSent())));
            }
        }
        return new Capacity(ok, 0, true, method, shortNote != null ? shortNote : "no tested rate failed");
    }

    /**
     * A sustainable-rate bracket: {@code lo} passed; {@code hi} failed ({@code openEnded}: nothing
     * failed, or the generator fell short first, so the capacity is at least {@code lo});
     * {@code stop} says why the scan stopped.
     */
    public record Capacity(long lo, long hi, boolean openEnded, String method, String stop) {
        public String describe() {
            return (lo == 0 ? "none" : (openEnded ? ">= " : "") + lo) + " (" + method + "; " + stop + ")";
        }
    }
}
