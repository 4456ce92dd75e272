package io.meshrelay.controlplane.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshrelay.controlplane.api.Json;
import io.meshrelay.controlplane.config.ConfigException;
import io.meshrelay.controlplane.config.HostPort;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The {@code meshrelay} client commands' HTTP client for a node's or controller's REST API. A
 * request the server refuses as bad (400) is a usage error (exit 2); anything else that fails is
 * a runtime failure (exit 1), with the server's own message.
 */
final class ApiClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final HostPort api;

    ApiClient(HostPort api) {
        this.api = api;
    }

    JsonNode get(String path) {
        return call("GET", path, null);
    }

    JsonNode put(String path, String json) {
        return call("PUT", path, json);
    }

    /** The raw body of a GET (the LSDB JSON is read by its own parser). */
    String getText(String path) {
        return send("GET", path, null).body();
    }

    private JsonNode call(String method, String path, String json) {
        HttpResponse<String> r = send(method, path, json);
        try {
            return r.body().isEmpty() ? Json.object() : Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("the API at " + api + " answered something that is not JSON");
        }
    }

    private HttpResponse<String> send(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + api + path))
                .timeout(Duration.ofSeconds(15))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IllegalStateException("cannot reach the API at " + api + " (is the node running? see --api)");
        } catch (IOException e) {
            throw new IllegalStateException("API at " + api + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
        if (r.statusCode() >= 300) {
            String msg = r.body();
            try {
                msg = Json.MAPPER.readTree(r.body()).path("error").asText(r.body());
            } catch (IOException e) {
                // plain text error
            }
            String line = method + " " + path + ": " + r.statusCode() + " " + msg;
            if (r.statusCode() == 400) {
                throw new ConfigException(line);
            }
            throw new IllegalStateException(line);
        }
        return r;
    }
}
