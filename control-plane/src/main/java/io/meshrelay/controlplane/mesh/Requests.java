package io.meshrelay.controlplane.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshrelay.controlplane.api.Json;
import io.meshrelay.controlplane.channel.ControlConnection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request/reply over the one-way messages of the control channel: a request carries a
 * {@code rid}; the peer answers with {@link Messages#REPLY} {@code {"rid", "status", "body"}}.
 */
public final class Requests {
    /** A reply: an HTTP-like status and a JSON body. */
    public record Reply(int status, JsonNode body) {
    }

    private final AtomicLong next = new AtomicLong(1);
    private final Map<Long, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();

    /** Sends {@code type} with a fresh rid; the future fails if the message could not be sent. */
    public CompletableFuture<Reply> send(ControlConnection to, String type, ObjectNode body) {
        long rid = next.getAndIncrement();
        CompletableFuture<Reply> f = new CompletableFuture<>();
        pending.put(rid, f);
        body.put("rid", rid);
        if (to == null || !to.send(type, body)) {
            pending.remove(rid);
            f.completeExceptionally(new IllegalStateException("control connection is down"));
        }
        return f;
    }

    /** Completes the request a {@link Messages#REPLY} answers. */
    public void onReply(JsonNode body) {
        CompletableFuture<Reply> f = pending.remove(body.path("rid").asLong(-1));
        if (f != null) {
            f.complete(new Reply(body.path("status").asInt(500), body.path("body")));
        }
    }

    /** Fails every pending request (the connection went down). */
    public void failAll(String why) {
        for (Long rid : pending.keySet()) {
            CompletableFuture<Reply> f = pending.remove(rid);
            if (f != null) {
                f.completeExceptionally(new IllegalStateException(why));
            }
        }
    }

    /** Answers a request received in {@code request}. */
    public static void reply(ControlConnection to, JsonNode request, int status, JsonNode body) {
        ObjectNode r = Json.object();
        r.put("rid", request.path("rid").asLong(-1));
        r.put("status", status);
        r.set("body", body == null ? Json.object() : body);
        to.send(Messages.REPLY, r);
    }
}
