package io.meshrelay.controlplane.lsdb;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One node as the LSDB knows it. Immutable.
 *
 * @param id      unique node name (the node's {@code node-id})
 * @param region  operator-given region label
 * @param lat     latitude in degrees, or null (then {@code lon} is null too)
 * @param lon     longitude in degrees, or null
 * @param up      false when membership declared the node dead: no path enters or leaves it
 * @param load    normalised load 0..1 (1 = at capacity); the one load figure path cost uses
 * @param figures the raw samples behind {@code load}, informative
 */
public record LsdbNode(String id, String region, Double lat, Double lon, boolean up, double load, LoadFigures figures) {
    /** Same rule as {@code --node-id} and {@code --region}. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public LsdbNode {
        requireName("id", id);
        requireName("region", region);
        if (lat != null && !(lat >= -90 && lat <= 90)) {
            throw new LsdbException("lat: " + lat + " is outside -90..90");
        }
        if (lon != null && !(lon >= -180 && lon <= 180)) {
            throw new LsdbException("lon: " + lon + " is outside -180..180");
        }
        if ((lat == null) != (lon == null)) {
            throw new LsdbException((lat == null ? "lat" : "lon") + ": give both lat and lon or neither");
        }
        if (!(load >= 0 && load <= 1)) {
            throw new LsdbException("load: must be within 0..1, got " + load);
        }
        figures = Objects.requireNonNullElse(figures, LoadFigures.NONE);
    }

    /** A node that is up, with no location and no raw load figures. */
    public static LsdbNode of(String id, String region, double load) {
        return new LsdbNode(id, region, null, null, true, load, LoadFigures.NONE);
    }

    static void requireName(String field, String value) {
        if (value == null) {
            throw new LsdbException(field + ": missing");
        }
        if (!NAME.matcher(value).matches()) {
            throw new LsdbException(field + ": '" + value + "' must be 1-64 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
        }
    }
}
