package io.meshrelay.controlplane.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshrelay.controlplane.api.ApiException;
import io.meshrelay.controlplane.api.ApiResponse;
import io.meshrelay.controlplane.api.Json;
import io.meshrelay.controlplane.api.MeshView;
import io.meshrelay.controlplane.api.Router;
import io.meshrelay.controlplane.lsdb.LsdbSnapshot;
import io.meshrelay.controlplane.mesh.MemberInfo;
import io.meshrelay.controlplane.mesh.MeshPolicy;
import io.meshrelay.controlplane.mesh.Messages;
import io.meshrelay.controlplane.mesh.Requests;
import io.meshrelay.controlplane.node.SessionService;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The controller's REST surface: the mesh view, and the mesh-wide sessions (registry, anchors,
 * participants added or removed on the node the request names).
 */
public final class ControllerApi implements MeshView {
    private static final long NODE_TIMEOUT_MS = 5_000;
    private final Controller controller;

    public ControllerApi(Controller controller) {
        this.controller = controller;
    }

    @Override
    public ArrayNode nodes() throws Exception {
        return controller.call(() -> {
            ArrayNode a = Json.MAPPER.createArrayNode();
            for (MemberInfo m : controller.memberInfos()) {
                a.add(controller.nodeDetails(m));
            }
            return a;
        });
    }

    @Override
    public LsdbSnapshot lsdb() throws Exception {
        return controller.call(controller::lsdb);
    }

    @Override
    public MeshPolicy policy() throws Exception {
        return controller.call(controller::policy);
    }

    @Override
    public ApiResponse setPolicy(JsonNode patch) throws Exception {
        return ApiResponse.ok(controller.call(() -> controller.setPolicy(patch)).toJson());
    }

    /** Routes of a standalone controller: the session registry and participants on named nodes. */
    public void installSessionRoutes(Router r) {
        r.get("/v1/sessions", req -> ApiResponse.ok(controller.call(() -> {
            ObjectNode out = Json.object();
            ArrayNode a = out.putArray("sessions");
            for (SessionRegistry.Entry e : controller.sessions().all()) {
                ObjectNode s = a.addObject().put("id", e.id);
                ArrayNode an = s.putArray("anchors");
                e.anchors.forEach(an::add);
            }
            return out;
        })));
        r.post("/v1/sessions", req -> {
            JsonNode body = req.json();
            for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!f.equals("id")) {
                    throw ApiException.badRequest("unknown field '" + f + "'");
                }
            }
            String id = body.hasNonNull("id") ? body.get("id").asText() : SessionService.newId("s-");
            SessionService.requireId("session", id);
            boolean created = controller.call(() -> {
                if (controller.sessions().get(id) != null) {
                    return false;
                }
                controller.sessions().ensure(id, null);
                return true;
            });
            if (!created) {
                throw ApiException.conflict("session " + id + " exists");
            }
            return ApiResponse.created(Json.object().put("id", id));
        });
        r.get("/v1/sessions/{id}", req -> ApiResponse.ok(describe(req.pathParam("id"))));
        r.delete("/v1/sessions/{id}", req -> {
            if (!controller.call(() -> controller.removeSession(req.pathParam("id")))) {
                throw ApiException.notFound("no session " + req.pathParam("id"));
            }
            return ApiResponse.noContent();
        });
        r.post("/v1/sessions/{id}/participants", req -> {
            JsonNode body = req.json();
            String node = body.path("node").asText(null);
            if (node == null) {
                throw ApiException.badRequest("\"node\" is required on the controller: the node whose media port "
                        + "the participant gets");
            }
            return forwardAdd(req.pathParam("id"), node, body);
        });
        r.delete("/v1/sessions/{id}/participants/{pid}", req -> {
            String node = req.requireQuery("node");
            ObjectNode b = Json.object().put("session", req.pathParam("id")).put("participant", req.pathParam("pid"));
            Requests.Reply reply = await(node, Messages.PARTICIPANT_REMOVE, b);
            return reply.status() == 204 ? ApiResponse.noContent() : ApiResponse.json(reply.status(), reply.body());
        });
    }

    /** Adds a participant on {@code node} through the control channel; the node's answer is the API's. */
    public ApiResponse forwardAdd(String session, String node, JsonNode request) throws Exception {
        SessionService.requireId("session", session);
        ObjectNode b = Json.object().put("session", session);
        b.set("request", request);
        Requests.Reply reply = await(node, Messages.PARTICIPANT_ADD, b);
        return ApiResponse.json(reply.status(), reply.body());
    }

    private ObjectNode describe(String id) throws Exception {
        SessionRegistry.Entry e = controller.call(() -> controller.sessions().get(id));
        if (e == null) {
            throw ApiException.notFound("no session " + id);
        }
        ObjectNode out = Json.object().put("id", id);
        ArrayNode anchors = out.putArray("anchors");
        ArrayNode parts = out.putArray("participants");
        for (String a : controller.call(() -> java.util.List.copyOf(e.anchors))) {
            anchors.add(a);
            try {
                Requests.Reply r = await(a, Messages.SESSION_DESCRIBE, Json.object().put("session", id));
                if (r.status() == 200) {
                    for (JsonNode p : r.body().path("participants")) {
                        parts.add(p);
                    }
                }
            } catch (ApiException ex) {
                parts.addObject().put("node", a).put("error", ex.getMessage());
            }
        }
        return out;
    }

    private Requests.Reply await(String node, String type, ObjectNode body) throws Exception {
        CompletableFuture<Requests.Reply> f = controller.call(() -> controller.request(node, type, body));
        try {
            return f.get(NODE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IllegalArgumentException) {
                throw ApiException.notFound(c.getMessage());
            }
            throw ApiException.unavailable(c.getMessage());
        } catch (TimeoutException e) {
            throw new ApiException(504, "node " + node + " did not answer in " + NODE_TIMEOUT_MS + " ms");
        }
    }
}
