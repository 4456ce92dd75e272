package io.meshrelay.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshrelay.controlplane.node.ParticipantRequest;
import io.meshrelay.controlplane.node.SessionService;
import io.meshrelay.relaycore.session.Session;

/**
 * {@code /v1/sessions}: create, list, inspect and delete sessions and their participants.
 * Errors are JSON {@code {"error", "status"}} with 400 (bad request), 404, 409 or 503 (ports).
 */
public final class SessionRoutes {
    private final SessionService sessions;

    public SessionRoutes(SessionService sessions) {
        this.sessions = sessions;
    }

    public void install(Router r) {
        r.post("/v1/sessions", req -> {
            JsonNode body = req.json();
            JsonNode id = body.get("id");
            if (id != null && !id.isTextual()) {
                throw ApiException.badRequest("id must be a string");
            }
            for (java.util.Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!f.equals("id")) {
                    throw ApiException.badRequest("unknown field '" + f + "'");
                }
            }
            Session s = sessions.create(id == null ? null : id.asText());
            return ApiResponse.created(Json.object().put("id", s.id()));
        });
        r.get("/v1/sessions", req -> {
            ObjectNode out = Json.object();
            out.putPOJO("sessions", sessions.ids());
            return ApiResponse.ok(out);
        });
        r.get("/v1/sessions/{id}", req -> ApiResponse.ok(sessions.describe(sessions.require(req.pathParam("id")))));
        r.delete("/v1/sessions/{id}", req -> {
            sessions.remove(req.pathParam("id"));
            return ApiResponse.noContent();
        });
        r.post("/v1/sessions/{id}/participants", req -> {
            Session s = sessions.require(req.pathParam("id"));
            ParticipantRequest p = req.json(ParticipantRequest.class);
            return ApiResponse.created(sessions.addParticipant(s, p));
        });
        r.get("/v1/sessions/{id}/participants/{pid}", req -> ApiResponse.ok(
                sessions.describeParticipant(sessions.require(req.pathParam("id")), req.pathParam("pid"))));
        r.delete("/v1/sessions/{id}/participants/{pid}", req -> {
            sessions.removeParticipant(sessions.require(req.pathParam("id")), req.pathParam("pid"));
            return ApiResponse.noContent();
        });
    }
}
