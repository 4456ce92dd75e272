package io.meshrelay.controlplane.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshrelay.controlplane.api.ApiException;
import io.meshrelay.controlplane.api.ApiResponse;
import io.meshrelay.controlplane.api.Json;
import io.meshrelay.controlplane.api.MeshView;
import io.meshrelay.controlplane.lsdb.LsdbSnapshot;
import io.meshrelay.controlplane.mesh.MemberInfo;
import io.meshrelay.controlplane.mesh.MeshPolicy;
import io.meshrelay.controlplane.mesh.Requests;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** A node's view of the mesh for its API: its LSDB copy (own links fresh), policy changes go to the controller. */
public final class AgentView implements MeshView {
    private final MeshAgent agent;

    public AgentView(MeshAgent agent) {
        this.agent = agent;
    }

    @Override
    public ArrayNode nodes() throws Exception {
        return agent.call(() -> {
            ArrayNode a = Json.MAPPER.createArrayNode();
            for (MemberInfo m : agent.members()) {
                a.add(m.toJson());
            }
            return a;
        });
    }

    @Override
    public LsdbSnapshot lsdb() throws Exception {
        return agent.call(agent::snapshot);
    }

    @Override
    public MeshPolicy policy() throws Exception {
        return agent.call(agent::policy);
    }

    @Override
    public ApiResponse setPolicy(JsonNode patch) throws Exception {
        MeshPolicy.defaults().merge(patch); // reject a bad body here, before the round trip
        CompletableFuture<Requests.Reply> f = agent.call(() -> agent.requestPolicy(patch));
        try {
            Requests.Reply r = f.get(5, TimeUnit.SECONDS);
            return ApiResponse.json(r.status(), r.body());
        } catch (ExecutionException e) {
            throw ApiException.unavailable("the controller is not reachable: " + e.getCause().getMessage());
        }
    }

    /** This node's mesh status: controller connection, its links as it measures them. */
    public ObjectNode status() throws Exception {
        return agent.call(() -> {
            ObjectNode o = Json.object();
            o.put("controllerConnected", agent.connected());
            o.put("flowSwitches", agent.flowSwitches());
            ArrayNode ls = o.putArray("links");
            for (LinkMeasurement m : agent.linkMeasurements()) {
                ObjectNode l = ls.addObject();
                l.put("to", agent.idOfIndex(m.peer()));
                l.put("rttMs", m.rttMs()).put("jitterMs", m.jitterMs()).put("loss", m.loss())
                        .put("bandwidthMbps", m.bandwidthMbps()).put("up", m.up()).put("active", m.active());
            }
            return o;
        });
    }
}
