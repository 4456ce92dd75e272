package io.meshrelay.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.meshrelay.controlplane.lsdb.LsdbSnapshot;
import io.meshrelay.controlplane.mesh.MeshPolicy;

/** What the mesh routes show: the controller's authoritative view, or a node's copy of it. */
public interface MeshView {
    /** Members with their index, region, trunk, liveness and load. */
    ArrayNode nodes() throws Exception;

    /** The LSDB: nodes, regions and measured links. */
    LsdbSnapshot lsdb() throws Exception;

    MeshPolicy policy() throws Exception;

    /** Applies a (partial) policy; answers the new one or an error. */
    ApiResponse setPolicy(JsonNode patch) throws Exception;
}
