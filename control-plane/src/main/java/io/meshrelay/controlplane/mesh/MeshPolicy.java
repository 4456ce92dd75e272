package io.meshrelay.controlplane.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshrelay.controlplane.api.Json;
import io.meshrelay.controlplane.path.PathConstraints;
import io.meshrelay.controlplane.path.PathQueryException;
import io.meshrelay.controlplane.path.PathWeights;
import io.meshrelay.controlplane.path.SwitchThresholds;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How the mesh routes flows: link-cost weights and constraints, single or redundant paths, the
 * make-before-break overlap and the switching thresholds (hysteresis). Distributed by the
 * controller; immutable. JSON is the {@code GET|PUT /v1/policy} body.
 */
public record MeshPolicy(PathWeights weights, PathConstraints constraints, Mode mode, long overlapMs, int k,
        int backups, SwitchThresholds thresholds) {

    /** Every packet on one path, or on two disjoint paths at once. */
    public enum Mode { SINGLE, REDUNDANT }

    public MeshPolicy {
        if (overlapMs < 0 || overlapMs > 10_000) {
            throw new PathQueryException("overlapMs", "must be 0..10000, got " + overlapMs);
        }
        if (k < 1 || k > 16) {
            throw new PathQueryException("k", "must be 1..16, got " + k);
        }
        if (backups < 0 || backups > 4) {
            throw new PathQueryException("backups", "must be 0..4, got " + backups);
        }
        if (mode == Mode.REDUNDANT && backups < 1) {
            throw new PathQueryException("backups", "redundant mode needs at least one backup path");
        }
    }

    public static MeshPolicy defaults() {
        return new MeshPolicy(PathWeights.DEFAULTS, PathConstraints.NONE, Mode.SINGLE, 300, 4, 2,
                SwitchThresholds.DEFAULTS);
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.putObject("weights").put("latency", weights.latency()).put("jitter", weights.jitter())
                .put("loss", weights.loss()).put("load", weights.load()).put("bandwidth", weights.bandwidth());
        ObjectNode c = o.putObject("constraints");
        putOrNull(c, "maxHops", constraints.maxHops());
        putOrNull(c, "maxLatencyMs", constraints.maxLatencyMs());
        putOrNull(c, "minBandwidthMbps", constraints.minBandwidthMbps());
        ArrayNode an = c.putArray("avoidNodes");
        constraints.avoidNodes().forEach(an::add);
        ArrayNode ar = c.putArray("avoidRegions");
        constraints.avoidRegions().forEach(ar::add);
        o.put("mode", mode.name().toLowerCase(Locale.ROOT));
        o.put("overlapMs", overlapMs);
        o.put("k", k);
        o.put("backups", backups);
        o.putObject("switch").put("minRelativeGain", thresholds.minRelativeGain())
                .put("minAbsoluteGain", thresholds.minAbsoluteGain()).put("minHoldMs", thresholds.minHoldMs())
                .put("maxLoss", thresholds.maxLoss()).put("maxLatencyMs", thresholds.maxLatencyMs())
                .put("breachMargin", thresholds.breachMargin());
        return o;
    }

    private static void putOrNull(ObjectNode o, String f, Number v) {
        if (v == null) {
            o.putNull(f);
        } else {
            o.put(f, v.doubleValue());
        }
    }

    /**
     * This policy with the fields present in {@code patch} replaced (a PUT may give only what it
     * changes). Unknown fields and bad values are errors naming the field, and nothing changes.
     */
    public MeshPolicy merge(JsonNode patch) {
        requireObject(patch, "policy");
        only(patch, "policy", Set.of("weights", "constraints", "mode", "overlapMs", "k", "backups", "switch"));
        PathWeights w = weights;
        if (patch.has("weights")) {
            JsonNode n = requireObject(patch.get("weights"), "weights");
            only(n, "weights", Set.of("latency", "jitter", "loss", "load", "bandwidth"));
            w = new PathWeights(num(n, "latency", w.latency(), "weights"), num(n, "jitter", w.jitter(), "weights"),
                    num(n, "loss", w.loss(), "weights"), num(n, "load", w.load(), "weights"),
                    num(n, "bandwidth", w.bandwidth(), "weights"));
        }
        PathConstraints c = constraints;
        if (patch.has("constraints")) {
            JsonNode n = requireObject(patch.get("constraints"), "constraints");
            only(n, "constraints", Set.of("maxHops", "maxLatencyMs", "minBandwidthMbps", "avoidNodes", "avoidRegions"));
            if (n.has("maxHops")) {
                c = c.withMaxHops(n.get("maxHops").isNull() ? null : (int) num(n, "maxHops", 0, "constraints"));
            }
            if (n.has("maxLatencyMs")) {
                c = c.withMaxLatencyMs(n.get("maxLatencyMs").isNull() ? null : num(n, "maxLatencyMs", 0, "constraints"));
            }
            if (n.has("minBandwidthMbps")) {
                c = c.withMinBandwidthMbps(n.get("minBandwidthMbps").isNull() ? null
                        : num(n, "minBandwidthMbps", 0, "constraints"));
            }
            if (n.has("avoidNodes")) {
                c = c.withAvoidNodes(strings(n.get("avoidNodes"), "constraints.avoidNodes"));
            }
            if (n.has("avoidRegions")) {
                c = c.withAvoidRegions(strings(n.get("avoidRegions"), "constraints.avoidRegions"));
            }
        }
        Mode m = mode;
        if (patch.has("mode")) {
            String s = patch.get("mode").asText("");
            try {
                m = Mode.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new PathQueryException("mode", "must be single or redundant, got '" + s + "'");
            }
        }
        long overlap = patch.has("overlapMs") ? (long) num(patch, "overlapMs", 0, "policy") : overlapMs;
        int kk = patch.has("k") ? (int) num(patch, "k", 0, "policy") : k;
        int b = patch.has("backups") ? (int) num(patch, "backups", 0, "policy") : backups;
        SwitchThresholds t = thresholds;
        if (patch.has("switch")) {
            JsonNode n = requireObject(patch.get("switch"), "switch");
            only(n, "switch", Set.of("minRelativeGain", "minAbsoluteGain", "minHoldMs", "maxLoss", "maxLatencyMs",
                    "breachMargin"));
            t = new SwitchThresholds(num(n, "minRelativeGain", t.minRelativeGain(), "switch"),
                    num(n, "minAbsoluteGain", t.minAbsoluteGain(), "switch"),
                    (long) num(n, "minHoldMs", t.minHoldMs(), "switch"), num(n, "maxLoss", t.maxLoss(), "switch"),
                    num(n, "maxLatencyMs", t.maxLatencyMs(), "switch"),
                    num(n, "breachMargin", t.breachMargin(), "switch"));
        }
        return new MeshPolicy(w, c, m, overlap, kk, b, t);
    }

    public static MeshPolicy fromJson(JsonNode json) {
        return defaults().merge(json);
    }

    private static JsonNode requireObject(JsonNode n, String field) {
        if (n == null || !n.isObject()) {
            throw new PathQueryException(field, "must be a JSON object");
        }
        return n;
    }

    private static void only(JsonNode n, String where, Set<String> allowed) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new PathQueryException(where + "." + f, "unknown field (known: " + new java.util.TreeSet<>(allowed)
                        + ")");
            }
        }
    }

    private static double num(JsonNode n, String f, double dflt, String where) {
        JsonNode v = n.get(f);
        if (v == null) {
            return dflt;
        }
        if (!v.isNumber()) {
            throw new PathQueryException(where + "." + f, "must be a number, got " + v);
        }
        return v.asDouble();
    }

    private static List<String> strings(JsonNode n, String field) {
        if (!n.isArray()) {
            throw new PathQueryException(field, "must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw new PathQueryException(field, "must be a list of strings");
            }
            out.add(e.asText());
        }
        return out;
    }
}
