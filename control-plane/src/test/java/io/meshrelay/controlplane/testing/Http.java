package io.meshrelay.controlplane.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshrelay.controlplane.api.Json;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small JSON client of a node's REST API, for tests. */
public final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;

    public Http(InetSocketAddress api) {
        this.base = "http://127.0.0.1:" + api.getPort();
    }

    /** Status and parsed body of one call. */
    public record Reply(int status, JsonNode body) {
        public String text(String field) {
            JsonNode n = body.get(field);
            return n == null ? null : n.asText();
        }
    }

    public Reply call(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = r.body().isEmpty() || !r.headers().firstValue("content-type").orElse("").contains("json")
                ? Json.object().put("text", r.body()) : Json.MAPPER.readTree(r.body());
        return new Reply(r.statusCode(), body);
    }

    public Reply get(String path) throws Exception {
        return call("GET", path, null);
    }

    public Reply post(String path, String json) throws Exception {
        return call("POST", path, json);
    }

    public Reply delete(String path) throws Exception {
        return call("DELETE", path, null);
    }
}
