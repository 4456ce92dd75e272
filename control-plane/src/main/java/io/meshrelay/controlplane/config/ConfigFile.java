package io.meshrelay.controlplane.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A YAML config file read into flat {@code key -> value} strings. Keys are the long flag
 * names without dashes ({@code media-ports: 40000-49999}); a list becomes a comma-separated
 * value. Nested maps are rejected: every key must also be a flag.
 */
public final class ConfigFile {
    private final Path path;
    private final Map<String, String> values;

    private ConfigFile(Path path, Map<String, String> values) {
        this.path = path;
        this.values = Collections.unmodifiableMap(values);
    }

    /** Reads and flattens {@code path}; any problem is a {@link ConfigException} naming file and line. */
    public static ConfigFile load(Path path) {
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + path + ": no such file");
        } catch (IOException e) {
            throw new ConfigException("config file " + path + ": cannot read: " + e.getMessage());
        }
        return parse(path, text);
    }

    static ConfigFile parse(Path path, String text) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
            throw new ConfigException("config file " + path + ": not valid YAML" + where + ": " + e.getOriginalMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new ConfigFile(path, values); // an empty file is a valid, empty config
        }
        if (!root.isObject()) {
            throw new ConfigException("config file " + path + ": expected a mapping of keys to values at the top level");
        }
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            values.put(e.getKey(), scalar(path, e.getKey(), e.getValue()));
        }
        return new ConfigFile(path, values);
    }

    private static String scalar(Path path, String key, JsonNode node) {
        if (node.isNull()) {
            throw new ConfigException("config file " + path + ": key '" + key + "' has no value");
        }
        if (node.isValueNode()) {
            return node.asText();
        }
        if (node.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode item : node) {
                if (!item.isValueNode() || item.isNull()) {
                    throw new ConfigException("config file " + path + ": key '" + key + "' must be a list of plain values");
                }
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(item.asText());
            }
            return sb.toString();
        }
        throw new ConfigException("config file " + path + ": key '" + key
                + "' must be a plain value or a list (nested sections are not used; write the flag name as the key)");
    }

    public Path path() {
        return path;
    }

    /** Flat values in file order. */
    public Map<String, String> values() {
        return values;
    }
}
