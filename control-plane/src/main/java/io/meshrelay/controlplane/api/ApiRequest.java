package io.meshrelay.controlplane.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** One parsed HTTP request handed to a route: method, path parameters, query and body. */
public final class ApiRequest {
    private final String method;
    private final String path;
    private final Map<String, String> pathParams;
    private final Map<String, List<String>> query;
    private final byte[] body;

    ApiRequest(String method, String path, Map<String, String> pathParams, Map<String, List<String>> query, byte[] body) {
        this.method = method;
        this.path = path;
        this.pathParams = pathParams;
        this.query = query;
        this.body = body;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    /** The single value of a query parameter, or {@code dflt}. */
    public String query(String name, String dflt) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? dflt : v.get(v.size() - 1);
    }

    public String requireQuery(String name) {
        String v = query(name, null);
        if (v == null || v.isEmpty()) {
            throw ApiException.badRequest("query parameter '" + name + "' is required");
        }
        return v;
    }

    public int queryInt(String name, int dflt, int min, int max) {
        String v = query(name, null);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw ApiException.badRequest("query parameter '" + name + "' must be " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("query parameter '" + name + "' must be a number");
        }
    }

    private static String pathOf(com.fasterxml.jackson.databind.JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : e.getPath()) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]");
        }
        return sb.length() == 0 ? "body" : sb.toString();
    }

    public byte[] body() {
        return body;
    }

    /** The body as a JSON object; an empty body is an empty object. */
    public JsonNode json() {
        if (body.length == 0) {
            return Json.object();
        }
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            if (n == null || !n.isObject()) {
                throw ApiException.badRequest("body must be a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("body cannot be read: " + e.getMessage());
        }
    }

    /** The body bound to {@code type}; unknown fields and wrong types are a 400 naming the field. */
    public <T> T json(Class<T> type) {
        return bind(json(), type);
    }

    /** {@code json} bound to {@code type}; unknown fields and wrong types are a 400 naming the field. */
    public static <T> T bind(JsonNode json, Class<T> type) {
        try {
            return Json.MAPPER.treeToValue(json, type);
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            throw ApiException.badRequest("unknown field '" + e.getPropertyName() + "'");
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            throw ApiException.badRequest("field '" + pathOf(e) + "' has the wrong type");
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("invalid body: " + e.getOriginalMessage());
        }
    }
}
