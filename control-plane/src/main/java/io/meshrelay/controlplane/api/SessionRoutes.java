package io.meshrelay.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshrelay.controlplane.node.ParticipantRequest;
import io.meshrelay.controlplane.node.SessionService;
import io.meshrelay.relaycore.session.Session;

/**
 * {@code /v1/sessions} on a node: create, list, inspect and delete sessions and their
 * participants. In a mesh a session id is mesh-wide: adding a participant to an id this node
 * has not seen creates its part of the session, and (on a node with the embedded controller)
 * {@code "node": "ID"} adds the participant on another node. Errors are JSON
 * {@code {"error", "status"}} with 400, 404, 409, 503 or 504.
 */
public final class SessionRoutes {
    /** What the mesh adds to a node's session routes. */
    public interface MeshHooks {
        void sessionCreated(String id);

        /** Adds a participant on {@code node}; throws 400 when this node cannot. */
        ApiResponse forwardParticipant(String session, String node, JsonNode request) throws Exception;

        /** Adds mesh facts (anchors) to a session's description. */
        void decorate(Session s, ObjectNode description) throws Exception;
    }

    private final SessionService sessions;
    private final String nodeId;
    private final MeshHooks mesh;

    public SessionRoutes(SessionService sessions, String nodeId, MeshHooks mesh) {
        this.sessions = sessions;
        this.nodeId = nodeId;
        this.mesh = mesh;
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
            if (mesh != null) {
                mesh.sessionCreated(s.id());
            }
            return ApiResponse.created(Json.object().put("id", s.id()));
        });
        r.get("/v1/sessions", req -> {
            ObjectNode out = Json.object();
            out.putPOJO("sessions", sessions.ids());
            return ApiResponse.ok(out);
        });
        r.get("/v1/sessions/{id}", req -> {
            Session s = sessions.require(req.pathParam("id"));
            ObjectNode d = sessions.describe(s);
            if (mesh != null) {
                mesh.decorate(s, d);
            }
            return ApiResponse.ok(d);
        });
        r.delete("/v1/sessions/{id}", req -> {
            sessions.remove(req.pathParam("id"));
            return ApiResponse.noContent();
        });
        r.post("/v1/sessions/{id}/participants", req -> {
            String sid = req.pathParam("id");
            SessionService.requireId("session", sid);
            JsonNode raw = req.json();
            String node = raw.path("node").isTextual() ? raw.get("node").asText() : null;
            if (node != null && !node.equals(nodeId)) {
                if (mesh == null) {
                    throw ApiException.badRequest("this is node " + nodeId + "; add participants of node " + node
                            + " through that node's API or the controller's");
                }
                return mesh.forwardParticipant(sid, node, raw);
            }
            ParticipantRequest p = req.json(ParticipantRequest.class);
            Session s = sessions.find(sid);
            if (s == null) {
                if (mesh == null) {
                    throw ApiException.notFound("no session " + sid + " on node " + nodeId
                            + " (create it with POST /v1/sessions)");
                }
                s = sessions.create(sid); // mesh-wide id: this node's part of it starts now
            }
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
