package io.meshrelay.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A small client of a meshrelay node's REST API ({@code /v1}), enough to create and delete the
 * sessions and participants of a load point. Non-2xx answers become an {@link IOException} with
 * the status and the node's error text. Used from one thread.
 */
public final class MeshrelayApi {
    static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code hostPort}: the node's API address, e.g. {@code 127.0.0.1:7780}. */
    public MeshrelayApi(String hostPort) {
        this.base = "http://" + hostPort;
    }

    public String base() {
        return base;
    }

    /** {@code GET /v1/node}: id, version, transport, I/O threads. */
    public JsonNode node() throws IOException, InterruptedException {
        return send("GET", "/v1/node", null, 200);
    }

    public void createSession(String id) throws IOException, InterruptedException {
        send("POST", "/v1/sessions", JSON.createObjectNode().put("id", id), 201);
    }

    /** {@code POST /v1/sessions/{id}/participants}; returns the node's answer (media port, keys). */
    public JsonNode addParticipant(String sessionId, ObjectNode body) throws IOException, InterruptedException {
        return send("POST", "/v1/sessions/" + enc(sessionId) + "/participants", body, 201);
    }

    /** Deletes the session; true if it existed. */
    public boolean deleteSession(String id) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request("DELETE", "/v1/sessions/" + enc(id), null),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 404) {
            return false;
        }
        check(r, 204, "DELETE /v1/sessions/" + id);
        return true;
    }

    private JsonNode send(String method, String path, JsonNode body, int expect) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(method, path, body), HttpResponse.BodyHandlers.ofString());
        check(r, expect, method + " " + path);
        return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    private HttpRequest request(String method, String path, JsonNode body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return b.build();
    }

    private static void check(HttpResponse<String> r, int expect, String what) throws IOException {
        if (r.statusCode() != expect) {
            throw new IOException(what + ": HTTP " + r.statusCode() + " (expected " + expect + "): " + r.body());
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
