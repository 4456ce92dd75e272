package io.meshrelay.controlplane.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshrelay.controlplane.api.Json;
import io.meshrelay.controlplane.lsdb.LoadFigures;
import io.meshrelay.controlplane.lsdb.LsdbNode;

/**
 * What the mesh knows of one node: its LSDB entry plus what the data plane needs to reach it
 * (index in trunk frames, trunk address). Immutable.
 */
public record MemberInfo(String id, int index, String region, Double lat, Double lon, String trunk, boolean up,
        double load, LoadFigures figures) {

    public LsdbNode toLsdb() {
        return new LsdbNode(id, region, lat, lon, up, load, figures == null ? LoadFigures.NONE : figures);
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("id", id).put("index", index).put("region", region);
        if (lat != null) {
            o.put("lat", lat).put("lon", lon);
        }
        o.put("trunk", trunk).put("up", up).put("load", load);
        if (figures != null && !figures.isEmpty()) {
            o.set("figures", Json.MAPPER.valueToTree(figures));
        }
        return o;
    }

    public static MemberInfo fromJson(JsonNode n) {
        LoadFigures f = LoadFigures.NONE;
        if (n.hasNonNull("figures")) {
            try {
                f = Json.MAPPER.treeToValue(n.get("figures"), LoadFigures.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException("figures: " + e.getOriginalMessage());
            }
        }
        return new MemberInfo(text(n, "id"), n.path("index").asInt(-1), text(n, "region"),
                n.hasNonNull("lat") ? n.get("lat").asDouble() : null, n.hasNonNull("lon") ? n.get("lon").asDouble() : null,
                text(n, "trunk"), n.path("up").asBoolean(false), n.path("load").asDouble(0), f);
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' missing or not a string");
        }
        return v.asText();
    }

    /** The same member with another liveness, load and figures. */
    public MemberInfo with(boolean isUp, double newLoad, LoadFigures newFigures) {
        return new MemberInfo(id, index, region, lat, lon, trunk, isUp, newLoad, newFigures);
    }
}
