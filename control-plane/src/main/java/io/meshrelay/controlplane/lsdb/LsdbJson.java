package io.meshrelay.controlplane.lsdb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.PrettyPrinter;
import io.meshrelay.controlplane.Suggest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The versioned JSON form of an {@link LsdbSnapshot}: what {@code GET /v1/mesh/links} serves and
 * {@code --lsdb FILE} reads. The reader streams (a 1,000-node full mesh is a million links),
 * rejects unknown or duplicate fields and wrong types with the JSON path and line, and also
 * accepts an RTT matrix ({@code {"0-1": 119, ...}}, see {@link RttMatrix}), told apart by its
 * first key. Layout (docs/paths.md has the full description):
 *
 * <pre>
 * {
 *   "format": "meshrelay-lsdb", "version": 1, "epoch": 42,
 *   "regions": [{"id": "eu-west", "nodes": ["fra-1", "par-1"]}],
 *   "nodes": [{"id": "fra-1", "region": "eu-west", "lat": 50.1, "lon": 8.7, "up": true, "load": 0.35,
 *              "loadFigures": {"cpu": 0.3, "legs": 40}}],
 *   "links": [{"from": "fra-1", "to": "par-1", "rttMs": 9.5, "jitterMs": 0.8, "loss": 0.001,
 *              "availableBandwidthMbps": 850.0, "up": true}]
 * }
 * </pre>
 *
 * Stateless and thread-safe.
 */
public final class LsdbJson {
    public static final String FORMAT = "meshrelay-lsdb";

    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final List<String> TOP_FIELDS = List.of("format", "version", "epoch", "regions", "nodes", "links");
    private static final List<String> NODE_FIELDS = List.of("id", "region", "lat", "lon", "up", "load", "loadFigures");
    private static final List<String> FIGURE_FIELDS =
            List.of("cpu", "memory", "bandwidthMbps", "capacityMbps", "packetsPerSecond", "legs");
    private static final List<String> LINK_FIELDS =
            List.of("from", "to", "rttMs", "jitterMs", "loss", "availableBandwidthMbps", "up");
    private static final List<String> REGION_FIELDS = List.of("id", "nodes");

    private LsdbJson() {
    }

    /** What a file held. */
    public enum Kind { LSDB, RTT_MATRIX }

    /** Reads an LSDB snapshot or an RTT matrix from {@code file}; problems are one-line {@link LsdbException}s. */
    public static LsdbSnapshot read(Path file) {
        return read(file, RttMatrix.DEFAULT_REGIONS, null);
    }

    /**
     * Reads {@code file}; an RTT matrix gets {@code rttRegions} regions. When {@code only} is not
     * null, the other kind is refused.
     */
    public static LsdbSnapshot read(Path file, int rttRegions, Kind only) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, rttRegions, only);
        } catch (NoSuchFileException e) {
            throw new LsdbException("no such file");
        } catch (IOException e) {
            throw new LsdbException("cannot read: " + e.getMessage());
        }
    }

    public static LsdbSnapshot parse(String json) {
        try {
            return read(new java.io.ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                    RttMatrix.DEFAULT_REGIONS, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LsdbSnapshot read(InputStream in, int rttRegions, Kind only) throws IOException {
        try (JsonParser p = FACTORY.createParser(in)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new LsdbException("empty file: expected a JSON object");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new LsdbException("expected a JSON object at the top, got " + describe(first) + where(p));
            }
            JsonToken t = p.nextToken();
            boolean matrix = t == JsonToken.FIELD_NAME && RttMatrix.looksLikePairKey(p.currentName());
            if (only != null && (only == Kind.RTT_MATRIX) != matrix) {
                throw new LsdbException(matrix ? "this is an RTT matrix, not an LSDB snapshot"
                        : "not an RTT matrix: expected keys \"A-B\" with node numbers, got "
                                + (t == JsonToken.FIELD_NAME ? "'" + p.currentName() + "'" : describe(t)));
            }
            return matrix ? readRttMatrix(p, rttRegions) : readSnapshot(p, t);
        } catch (JsonProcessingException e) {
            throw new LsdbException("not valid JSON" + where(e.getLocation()) + ": " + e.getOriginalMessage());
        }
    }

    private static LsdbSnapshot readRttMatrix(JsonParser p, int regions) throws IOException {
        RttMatrix m = new RttMatrix();
        for (JsonToken t = p.currentToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            if (!v.isNumeric()) {
                throw new LsdbException("'" + key + "': expected an RTT in ms, got " + describe(v) + where(p));
            }
            try {
                m.add(key, p.getDoubleValue());
            } catch (LsdbException e) {
                throw new LsdbException("RTT matrix " + e.getMessage() + where(p));
            }
        }
        expectEnd(p);
        return m.toSnapshot(regions);
    }

    private static LsdbSnapshot readSnapshot(JsonParser p, JsonToken first) throws IOException {
        Set<String> seen = new HashSet<>();
        Integer version = null;
        long epoch = 0;
        List<LsdbNode> nodes = null;
        List<LsdbLink> links = null;
        List<Region> regions = null;
        for (JsonToken t = first; t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String field = fieldName(p, "", TOP_FIELDS, seen);
            p.nextToken();
            switch (field) {
                case "format":
                    String format = string(p, field);
                    if (!FORMAT.equals(format)) {
                        throw new LsdbException("format: expected \"" + FORMAT + "\", got \"" + format + "\"" + where(p));
                    }
                    break;
                case "version":
                    version = (int) integer(p, field);
                    if (version != LsdbSnapshot.FORMAT_VERSION) {
                        throw new LsdbException("version: this build reads LSDB version " + LsdbSnapshot.FORMAT_VERSION
                                + ", the file has version " + version);
                    }
                    break;
                case "epoch":
                    epoch = integer(p, field);
                    break;
                case "regions":
                    regions = readArray(p, field, LsdbJson::readRegion);
                    break;
                case "nodes":
                    nodes = readArray(p, field, LsdbJson::readNode);
                    break;
                default:
                    links = readArray(p, field, LsdbJson::readLink);
                    break;
            }
        }
        expectEnd(p);
        if (version == null) {
            throw new LsdbException("version: missing (expected \"version\": " + LsdbSnapshot.FORMAT_VERSION
                    + "; or give an RTT matrix {\"A-B\": ms, ...})");
        }
        if (nodes == null) {
            throw new LsdbException("nodes: missing");
        }
        if (links == null) {
            throw new LsdbException("links: missing");
        }
        LsdbSnapshot s = new LsdbSnapshot(epoch, nodes, links);
        if (regions != null) {
            checkRegions(s, regions);
        }
        return s;
    }

    /** A region entry as written in the file: redundant with the nodes' regions, so it must agree. */
    private record Region(String id, List<String> nodes) {
    }

    private static void checkRegions(LsdbSnapshot s, List<Region> regions) {
        Map<String, List<String>> actual = s.nodesByRegion();
        Set<String> listed = new HashSet<>();
        for (int i = 0; i < regions.size(); i++) {
            Region r = regions.get(i);
            String at = "regions[" + i + "]";
            if (!listed.add(r.id())) {
                throw new LsdbException(at + ".id: region '" + r.id() + "' listed twice");
            }
            List<String> members = actual.get(r.id());
            if (members == null) {
                throw new LsdbException(at + ".id: no node is in region '" + r.id() + "'" + REGIONS_HINT);
            }
            if (!new TreeSet<>(r.nodes()).equals(new TreeSet<>(members))) {
                throw new LsdbException(at + ".nodes: " + r.nodes() + " differs from the nodes whose region is '"
                        + r.id() + "': " + members + REGIONS_HINT);
            }
        }
        for (String region : actual.keySet()) {
            if (!listed.contains(region)) {
                throw new LsdbException("regions: region '" + region + "' of node '" + actual.get(region).get(0)
                        + "' is not listed" + REGIONS_HINT);
            }
        }
    }

    private static final String REGIONS_HINT = " (\"regions\" is optional: remove it to derive it from the nodes)";

    @FunctionalInterface
    private interface ElementReader<T> {
        T read(JsonParser p, String at) throws IOException;
    }

    private static <T> List<T> readArray(JsonParser p, String field, ElementReader<T> reader) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new LsdbException(field + ": expected an array, got " + describe(p.currentToken()) + where(p));
        }
        List<T> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            String at = field + "[" + out.size() + "]";
            if (t != JsonToken.START_OBJECT) {
                throw new LsdbException(at + ": expected an object, got " + describe(t) + where(p));
            }
            out.add(reader.read(p, at));
        }
        return out;
    }

    private static Region readRegion(JsonParser p, String at) throws IOException {
        Set<String> seen = new HashSet<>();
        String id = null;
        List<String> nodes = null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String field = fieldName(p, at, REGION_FIELDS, seen);
            p.nextToken();
            if (field.equals("id")) {
                id = string(p, at + ".id");
            } else {
                if (p.currentToken() != JsonToken.START_ARRAY) {
                    throw new LsdbException(at + ".nodes: expected an array of node ids" + where(p));
                }
                nodes = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    nodes.add(string(p, at + ".nodes[" + nodes.size() + "]"));
                }
            }
        }
        if (id == null) {
            throw new LsdbException(at + ".id: missing");
        }
        if (nodes == null) {
            throw new LsdbException(at + ".nodes: missing");
        }
        return new Region(id, nodes);
    }

    private static LsdbNode readNode(JsonParser p, String at) throws IOException {
        JsonLocation start = p.currentLocation();
        Set<String> seen = new HashSet<>();
        String id = null;
        String region = null;
        Double lat = null;
        Double lon = null;
        boolean up = true;
        Double load = null;
        LoadFigures figures = LoadFigures.NONE;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String field = fieldName(p, at, NODE_FIELDS, seen);
            p.nextToken();
            String fat = at + "." + field;
            switch (field) {
                case "id": id = string(p, fat); break;
                case "region": region = string(p, fat); break;
                case "lat": lat = optionalNumber(p, fat); break;
                case "lon": lon = optionalNumber(p, fat); break;
                case "up": up = bool(p, fat); break;
                case "load": load = number(p, fat); break;
                default: figures = readFigures(p, fat); break;
            }
        }
        if (load == null) {
            throw new LsdbException(at + ".load: missing (normalised load 0..1)" + where(start));
        }
        try {
            return new LsdbNode(id, region, lat, lon, up, load, figures);
        } catch (LsdbException e) {
            throw new LsdbException(e.at(at).getMessage() + where(start));
        }
    }

    private static LoadFigures readFigures(JsonParser p, String at) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return LoadFigures.NONE;
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new LsdbException(at + ": expected an object, got " + describe(p.currentToken()) + where(p));
        }
        JsonLocation start = p.currentLocation();
        Set<String> seen = new HashSet<>();
        Double[] v = new Double[5];
        Integer legs = null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String field = fieldName(p, at, FIGURE_FIELDS, seen);
            p.nextToken();
            if (field.equals("legs")) {
                legs = p.currentToken() == JsonToken.VALUE_NULL ? null : (int) integer(p, at + ".legs");
            } else {
                v[FIGURE_FIELDS.indexOf(field)] = optionalNumber(p, at + "." + field);
            }
        }
        try {
            return new LoadFigures(v[0], v[1], v[2], v[3], v[4], legs);
        } catch (LsdbException e) {
            throw new LsdbException(e.at(at).getMessage() + where(start));
        }
    }

    private static LsdbLink readLink(JsonParser p, String at) throws IOException {
        JsonLocation start = p.currentLocation();
        Set<String> seen = new HashSet<>();
        String from = null;
        String to = null;
        Double rtt = null;
        double jitter = 0;
        double loss = 0;
        Double bw = null;
        boolean up = true;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String field = fieldName(p, at, LINK_FIELDS, seen);
            p.nextToken();
            String fat = at + "." + field;
            switch (field) {
                case "from": from = string(p, fat); break;
                case "to": to = string(p, fat); break;
                case "rttMs": rtt = number(p, fat); break;
                case "jitterMs": jitter = number(p, fat); break;
                case "loss": loss = number(p, fat); break;
                case "availableBandwidthMbps": bw = optionalNumber(p, fat); break;
                default: up = bool(p, fat); break;
            }
        }
        if (rtt == null) {
            throw new LsdbException(at + ".rttMs: missing" + where(start));
        }
        try {
            return new LsdbLink(from, to, rtt, jitter, loss, bw, up);
        } catch (LsdbException e) {
            throw new LsdbException(e.at(at).getMessage() + where(start));
        }
    }

    private static String fieldName(JsonParser p, String at, List<String> known, Set<String> seen) throws IOException {
        String name = p.currentName();
        String fat = at.isEmpty() ? name : at + "." + name;
        if (!known.contains(name)) {
            throw new LsdbException(fat + ": unknown field" + suggestion(name, known) + where(p));
        }
        if (!seen.add(name)) {
            throw new LsdbException(fat + ": given twice" + where(p));
        }
        return name;
    }

    private static String string(JsonParser p, String at) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new LsdbException(at + ": expected a string, got " + describe(p.currentToken()) + where(p));
        }
        return p.getText();
    }

    private static double number(JsonParser p, String at) throws IOException {
        if (!p.currentToken().isNumeric()) {
            throw new LsdbException(at + ": expected a number, got " + describe(p.currentToken()) + where(p));
        }
        return p.getDoubleValue();
    }

    private static Double optionalNumber(JsonParser p, String at) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : number(p, at);
    }

    private static long integer(JsonParser p, String at) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw new LsdbException(at + ": expected an integer, got " + describe(p.currentToken()) + where(p));
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                || !"epoch".equals(at) && p.getNumberType() != JsonParser.NumberType.INT) {
            throw new LsdbException(at + ": " + p.getText() + " is out of range" + where(p));
        }
        return p.getLongValue();
    }

    private static boolean bool(JsonParser p, String at) throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
            throw new LsdbException(at + ": expected true or false, got " + describe(t) + where(p));
        }
        return t == JsonToken.VALUE_TRUE;
    }

    private static void expectEnd(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t != null) {
            throw new LsdbException("unexpected content (" + describe(t) + ") after the top-level object" + where(p));
        }
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "end of input";
        }
        switch (t) {
            case START_OBJECT: return "an object";
            case START_ARRAY: return "an array";
            case VALUE_STRING: return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE: return "a boolean";
            case VALUE_NULL: return "null";
            default: return t.asString() == null ? t.name() : t.asString();
        }
    }

    private static String where(JsonParser p) {
        return where(p.currentTokenLocation());
    }

    private static String where(JsonLocation loc) {
        return loc == null || loc.getLineNr() < 0 ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    private static String suggestion(String wrong, List<String> known) {
        String best = Suggest.nearest(wrong, known, Math.max(2, wrong.length() / 4));
        return best != null ? " (did you mean '" + best + "'?)" : " (known: " + String.join(", ", known) + ")";
    }


    // ---------------------------------------------------------------------------------------- writing

    /** The JSON text of {@code s}: one node, link or region per line, so diffs and greps stay readable. */
    public static String write(LsdbSnapshot s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + 160 * (s.nodes().size() + s.links().size()));
        write(s, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    public static void write(LsdbSnapshot s, OutputStream out) {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setPrettyPrinter(new LinePrinter());
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("version", LsdbSnapshot.FORMAT_VERSION);
            g.writeNumberField("epoch", s.epoch());
            g.writeArrayFieldStart("regions");
            for (Map.Entry<String, List<String>> r : s.nodesByRegion().entrySet()) {
                g.writeStartObject();
                g.writeStringField("id", r.getKey());
                g.writeArrayFieldStart("nodes");
                for (String id : r.getValue()) {
                    g.writeString(id);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("nodes");
            for (LsdbNode n : s.nodes()) {
                g.writeStartObject();
                g.writeStringField("id", n.id());
                g.writeStringField("region", n.region());
                if (n.lat() != null) {
                    g.writeNumberField("lat", n.lat());
                    g.writeNumberField("lon", n.lon());
                }
                g.writeBooleanField("up", n.up());
                g.writeNumberField("load", n.load());
                if (!n.figures().isEmpty()) {
                    LoadFigures f = n.figures();
                    g.writeObjectFieldStart("loadFigures");
                    optional(g, "cpu", f.cpu());
                    optional(g, "memory", f.memory());
                    optional(g, "bandwidthMbps", f.bandwidthMbps());
                    optional(g, "capacityMbps", f.capacityMbps());
                    optional(g, "packetsPerSecond", f.packetsPerSecond());
                    if (f.legs() != null) {
                        g.writeNumberField("legs", f.legs());
                    }
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("links");
            for (LsdbLink l : s.links()) {
                g.writeStartObject();
                g.writeStringField("from", l.from());
                g.writeStringField("to", l.to());
                g.writeNumberField("rttMs", l.rttMs());
                g.writeNumberField("jitterMs", l.jitterMs());
                g.writeNumberField("loss", l.loss());
                if (l.availableBandwidthMbps() == null) {
                    g.writeNullField("availableBandwidthMbps");
                } else {
                    g.writeNumberField("availableBandwidthMbps", l.availableBandwidthMbps());
                }
                g.writeBooleanField("up", l.up());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void optional(JsonGenerator g, String field, Double v) throws IOException {
        if (v != null) {
            g.writeNumberField(field, v);
        }
    }

    /** Top-level fields one per line, array elements of the top-level arrays one per line, the rest inline. */
    private static final class LinePrinter implements PrettyPrinter {
        private int depth;

        @Override
        public void writeRootValueSeparator(JsonGenerator g) {
        }

        @Override
        public void writeStartObject(JsonGenerator g) throws IOException {
            g.writeRaw('{');
            depth++;
        }

        @Override
        public void writeEndObject(JsonGenerator g, int entries) throws IOException {
            depth--;
            g.writeRaw(depth == 0 ? "\n}" : "}");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(depth == 1 ? ",\n  " : ", ");
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeStartArray(JsonGenerator g) throws IOException {
            g.writeRaw('[');
            depth++;
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) throws IOException {
            depth--;
            g.writeRaw(depth == 1 && values > 0 ? "\n  ]" : "]");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(depth == 2 ? ",\n    " : ", ");
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            if (depth == 2) {
                g.writeRaw("\n    ");
            }
        }

        @Override
        public void beforeObjectEntries(JsonGenerator g) throws IOException {
            if (depth == 1) {
                g.writeRaw("\n  ");
            }
        }
    }
}
