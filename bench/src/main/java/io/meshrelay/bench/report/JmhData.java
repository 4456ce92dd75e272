package io.meshrelay.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** JMH results read from its JSON output ({@code -rf json}), with allocation from {@code -prof gc}. Immutable. */
public final class JmhData {

    /**
     * One benchmark configuration.
     *
     * @param benchmark  simple class name and method, e.g. {@code ForwardingBenchmark.forward}
     * @param allocNorm  bytes allocated per operation ({@code gc.alloc.rate.norm}), NaN without -prof gc
     * @param p99        the 99th percentile for sample-time benchmarks, NaN otherwise
     */
    public record Row(String benchmark, String mode, Map<String, String> params, double score, double error, String unit,
            double allocNorm, double p99) {
        public String param(String name) {
            return params.get(name);
        }

        public String paramText() {
            StringBuilder b = new StringBuilder();
            for (Map.Entry<String, String> e : params.entrySet()) {
                if (b.length() > 0) {
                    b.append(", ");
                }
                b.append(e.getKey()).append('=').append(e.getValue());
            }
            return b.toString();
        }
    }

    private final List<Row> rows;

    private JmhData(List<Row> rows) {
        this.rows = rows;
    }

    public static JmhData of(List<Row> rows) {
        return new JmhData(List.copyOf(rows));
    }

    /** Every {@code *.json} JMH result file in {@code dir} (missing dir: no rows). */
    public static JmhData loadDir(Path dir) throws IOException {
        List<Row> rows = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                    rows.addAll(parse(p));
                }
            }
        }
        return new JmhData(rows);
    }

    public static List<Row> parse(Path file) throws IOException {
        List<Row> out = new ArrayList<>();
        String text = Files.readString(file).trim();
        if (text.isEmpty()) {
            return out;
        }
        JsonNode arr = SweepData.JSON.readTree(text);
        if (!arr.isArray()) {
            return out;
        }
        for (JsonNode r : arr) {
            if (!r.has("benchmark") || !r.has("primaryMetric")) {
                continue;
            }
            String full = r.get("benchmark").asText();
            String[] parts = full.split("\\.");
            String name = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : full;
            Map<String, String> params = new LinkedHashMap<>();
            JsonNode ps = r.path("params");
            for (java.util.Iterator<String> it = ps.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                params.put(k, ps.get(k).asText());
            }
            JsonNode pm = r.get("primaryMetric");
            JsonNode alloc = r.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score");
            JsonNode p99 = pm.path("scorePercentiles").path("99.0");
            double err = pm.path("scoreError").isNumber() ? pm.get("scoreError").asDouble() : Double.NaN;
            out.add(new Row(name, r.path("mode").asText(), params, pm.get("score").asDouble(), err,
                    pm.path("scoreUnit").asText(), alloc.isNumber() ? alloc.asDouble() : Double.NaN,
                    "sample".equals(r.path("mode").asText()) && p99.isNumber() ? p99.asDouble() : Double.NaN));
        }
        return out;
    }

    public List<Row> rows() {
        return rows;
    }

    /** Rows of {@code benchmark} (simple class name, with or without the method) matching every given param. */
    public List<Row> find(String benchmark, String... paramPairs) {
        List<Row> out = new ArrayList<>();
        for (Row r : rows) {
            if (!(r.benchmark().equals(benchmark) || r.benchmark().startsWith(benchmark + "."))) {
                continue;
            }
            boolean ok = true;
            for (int i = 0; i + 1 < paramPairs.length; i += 2) {
                ok &= paramPairs[i + 1].equals(r.params().get(paramPairs[i]));
            }
            if (ok) {
                out.add(r);
            }
        }
        return out;
    }

    public Row first(String benchmark, String... paramPairs) {
        List<Row> r = find(benchmark, paramPairs);
        return r.isEmpty() ? null : r.get(0);
    }
}
